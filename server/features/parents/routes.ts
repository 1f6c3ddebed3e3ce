/**
 * /api/parent/… (docs/SPEC.md, PA1-PA8), mounted in server/app.ts before /api so the parents' routes never pass the
 * members' sub-apps. Two kinds of caller:
 *  - members (the chair): /api/parent/cases/:caseId/invitations, /api/parent/invitations/:id, with the member
 *    session (resolveSession, requireActor), as every other member route;
 *  - parents: sign-in (the code, PA2; MitID through the parents' broker, PA10) and
 *    /api/parent/{view,meeting,words,plan/answer,consent,drawings/:house,sign-out} with the parent cookie
 *    (PARENT_COOKIE, Path=/api/parent) only; a member's session counts for nothing here.
 * The API's middleware (H2 Origin, H3 body limit, H6 URL) applies to all of them. Answers are never cached.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import type { ErrorCode } from '../../../shared/errors.js';
import { HOUSES } from '../../../shared/family.js';
import { LIMITS } from '../../../shared/limits.js';
import { OIDC_FLOW_TTL_MS } from '../../auth/oidc.js';
import { createParentSession, destroyParentSession, PARENT_COOKIE, PARENT_COOKIE_PATH, PARENT_SESSION_HOURS, parentFromCookie } from '../../auth/parent-sessions.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, refuseNulInUrl, requireActor, requireSameOrigin, resolveSession, routePath } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import type { ParentActor } from '../../policy/policy.js';
import { audit } from '../../audit/audit.js';
import { sendQueuedMailNow } from '../mail/now.js';
import { PARENT_PATH } from '../mail/parents.js';
import { inviteParent, listInvitations, revokeInvitation } from './invitations.js';
import { MITID_CALLBACK_PATH, MITID_COOKIE_PATH, MITID_FLOW_COOKIE, MitidRefusal, parentBrokerFor, type MitidSignedIn } from './mitid.js';
import { parentActorId, SignInRefused, signInInfo, startSignIn, verifySignIn } from './sign-in.js';
import { answerSchema, consentSchema, inviteSchema, startSignInSchema, tokenSchema, verifySignInSchema, wordsSchema } from '../../../shared/parents.js';
import { answerPlan, parentDrawing, parentMeeting, parentView, recordConsent, saveParentWords } from './view.js';

type ParentEnv = { Variables: AppEnv['Variables'] & { parent: (ParentActor & { sessionId: string }) | null } };

const PRIVATE = { 'Cache-Control': 'private, no-store', Pragma: 'no-cache' } as const;
/** PRIVATE on an answer `refuse` writes. */
const keepPrivate = (c: Context<ParentEnv>) => {
  for (const [name, value] of Object.entries(PRIVATE)) c.header(name, value);
};
const db = (c: Context<ParentEnv>) => c.get('services').db.prisma;

const jsonLimit = bodyLimit({ maxSize: LIMITS.maxJsonBodyBytes, onError: (c) => refuse(c, 'body_too_large', 413) });

const caseParams = zValidator('param', idParams('caseId'));
const invitationParams = zValidator('param', idParams('invitationId'));
const houseParams = zValidator('param', z.object({ house: z.enum(HOUSES) }).strict());

/** A parent's session from their own cookie, or 401 (PA2). */
const requireParent = createMiddleware<ParentEnv>(async (c, next) => {
  const parent = await parentFromCookie(db(c), getCookie(c, PARENT_COOKIE));
  if (!parent) return refuse(c, 'unauthenticated', 401);
  c.set('parent', parent);
  return next();
});

/** The MitID routes exist only where the parents' broker is configured (PA10); elsewhere 404 before anything is read. */
const requireBroker = createMiddleware<ParentEnv>(async (c, next) => {
  if (!parentBrokerFor(c.get('services').config)) {
    keepPrivate(c);
    return refuse(c, 'mitid_not_configured', 404);
  }
  return next();
});

const refused = (c: Context<ParentEnv>, err: unknown) => {
  if (!(err instanceof SignInRefused)) throw err;
  log.warn('http_refused', { path: routePath(c), status: err.status, code: err.code });
  return refuse(c, err.code, err.status);
};

const parent = (c: Context<ParentEnv>) => c.get('parent')!;

/** A queued parents' mail sent at once, not at the mail job's next run (ML8); nobody waits for it. */
const sendNow = (c: Context<ParentEnv>, kind: 'PARENT_INVITATION' | 'PARENT_CODE' | 'PARENT_MITID', refId: string) => {
  const { db: database, config, publicOrigin } = c.get('services');
  void sendQueuedMailNow({ db: database, config, origin: publicOrigin() }, kind, refId);
};

const setParentCookie = (c: Context<ParentEnv>, cookieValue: string) =>
  setCookie(c, PARENT_COOKIE, cookieValue, {
    httpOnly: true,
    secure: c.get('services').secure(),
    sameSite: 'Strict',
    path: PARENT_COOKIE_PATH,
    maxAge: PARENT_SESSION_HOURS * 3600,
  });

/** PARENT_OIDC_REDIRECT_URI, or our public origin's callback (PA10). */
const mitidRedirectUri = (c: Context<ParentEnv>) => c.get('services').config.PARENT_OIDC_REDIRECT_URI ?? `${c.get('services').publicOrigin()}${MITID_CALLBACK_PATH}`;

/** A refused MitID sign-in: a browser goes back to the parent's page with a neutral reason, other clients get JSON. */
function mitidRefused(c: Context<ParentEnv>, status: 400 | 403 | 410 | 503, error: ErrorCode, lang: string | null) {
  if (c.req.header('accept')?.includes('text/html')) {
    const reason = status === 403 ? 'other-person' : status === 410 ? 'invalid' : status === 503 ? 'unavailable' : 'refused';
    return c.redirect(`${PARENT_PATH}?mitid=${reason}${lang === 'en' ? '&lang=en' : ''}`, 302);
  }
  return refuse(c, error, status);
}

/** The error's class and library code only: messages can quote tokens or claims. */
function libraryError(err: unknown): Record<string, unknown> {
  const code = (err as { code?: unknown } | null)?.code;
  return { err: err instanceof Error ? err.name : typeof err, code: typeof code === 'string' ? code.slice(0, 60) : undefined };
}

export const parentRoutes = new Hono<ParentEnv>()
  .use('*', refuseNulInUrl, requireSameOrigin, jsonLimit)
  // The chair's side (PA1, PA7): members only.
  .use('/cases/*', resolveSession, requireActor)
  .use('/invitations/*', resolveSession, requireActor)
  .post('/cases/:caseId/invitations', caseParams, zValidator('json', inviteSchema), async (c) => {
    const { caseId } = c.req.valid('param');
    const created = await inviteParent(db(c), c.get('actor')!, caseId, c.req.valid('json'), c.get('services').publicOrigin(), clientAddress(c));
    sendNow(c, 'PARENT_INVITATION', created.invitation.id);
    return c.json(created, 201, PRIVATE);
  })
  .get('/cases/:caseId/invitations', caseParams, async (c) =>
    c.json(await listInvitations(db(c), c.get('actor')!, c.req.valid('param').caseId, clientAddress(c)), 200, PRIVATE),
  )
  .delete('/invitations/:invitationId', invitationParams, async (c) => {
    await revokeInvitation(db(c), c.get('actor')!, c.req.valid('param').invitationId, clientAddress(c));
    return c.body(null, 204);
  })
  // The parent's sign-in (PA2).
  .post('/sign-in/info', zValidator('json', tokenSchema), async (c) => {
    try {
      const info = await signInInfo(db(c), c.req.valid('json').token, parentBrokerFor(c.get('services').config) !== null);
      return c.json(info, 200, PRIVATE);
    } catch (err) {
      return refused(c, err);
    }
  })
  .post('/sign-in/start', zValidator('json', startSignInSchema), async (c) => {
    const { token, email } = c.req.valid('json');
    try {
      const codeId = await startSignIn(db(c), c.get('services').throttle, token, email, clientAddress(c));
      if (codeId) sendNow(c, 'PARENT_CODE', codeId);
    } catch (err) {
      return refused(c, err);
    }
    return c.json({ sent: true }, 202, PRIVATE);
  })
  .post('/sign-in/verify', zValidator('json', verifySignInSchema), async (c) => {
    let session: { cookieValue: string };
    try {
      session = await verifySignIn(db(c), c.get('services').throttle, c.req.valid('json'), clientAddress(c));
    } catch (err) {
      return refused(c, err);
    }
    setParentCookie(c, session.cookieValue);
    return c.body(null, 204);
  })
  // MitID through the parents' broker (PA10): 404 where none is configured.
  .post('/mitid/start', requireBroker, zValidator('json', tokenSchema), async (c) => {
    const broker = parentBrokerFor(c.get('services').config)!;
    let started: { url: URL; cookieValue: string };
    try {
      started = await broker.begin(db(c), c.get('services').throttle, c.req.valid('json').token, mitidRedirectUri(c), clientAddress(c));
    } catch (err) {
      if (err instanceof SignInRefused) return refused(c, err);
      log.error('parent_mitid_discovery_failed', libraryError(err));
      keepPrivate(c);
      return refuse(c, 'mitid_unavailable', 503);
    }
    // Lax, not Strict: the broker sends the browser back with a cross-site GET.
    setCookie(c, MITID_FLOW_COOKIE, started.cookieValue, {
      httpOnly: true,
      secure: c.get('services').secure(),
      sameSite: 'Lax',
      path: MITID_COOKIE_PATH,
      maxAge: OIDC_FLOW_TTL_MS / 1000,
    });
    return c.json({ url: started.url.href }, 200, PRIVATE);
  })
  .get('/mitid/callback', requireBroker, async (c) => {
    c.header('Cache-Control', 'no-store');
    const broker = parentBrokerFor(c.get('services').config)!;
    const flowCookie = getCookie(c, MITID_FLOW_COOKIE);
    deleteCookie(c, MITID_FLOW_COOKIE, { path: MITID_COOKIE_PATH, secure: c.get('services').secure(), httpOnly: true, sameSite: 'Lax' });
    const address = clientAddress(c);
    let signedIn: MitidSignedIn;
    try {
      signedIn = await broker.complete(db(c), c.get('services').throttle, flowCookie, new URL(c.req.url).searchParams, address);
    } catch (err) {
      if (!(err instanceof MitidRefusal)) {
        log.error('parent_mitid_failed', libraryError(err));
        return mitidRefused(c, 503, 'mitid_unavailable', null);
      }
      const inv = err.invitation;
      // Ids and codes only: never a claim (name, subject, CPR number).
      log.warn('parent_mitid_refused', { reason: err.reason, invitation: inv?.id, code: err.detail });
      await audit(db(c), {
        userId: inv ? parentActorId(inv.id) : null,
        action: 'LOGIN_FAILED',
        caseId: inv?.caseId ?? null,
        caseReference: inv?.reference ?? null,
        purpose: 'parent-sign-in',
        criterion: `mitid:${err.reason}`,
        address,
      });
      const error: ErrorCode = err.reason === 'other_person' ? 'mitid_other_person' : err.reason === 'invitation_invalid' ? 'invitation_invalid' : 'mitid_invalid_response';
      return mitidRefused(c, err.status, error, inv?.language ?? null);
    }
    const session = await createParentSession(db(c), signedIn.invitationId, signedIn.caseId);
    await audit(db(c), {
      userId: parentActorId(signedIn.invitationId),
      action: 'LOGIN',
      caseId: signedIn.caseId,
      caseReference: signedIn.reference,
      purpose: 'parent-sign-in',
      criterion: signedIn.firstBinding ? 'mitid;bound' : 'mitid',
      address,
    });
    if (signedIn.firstBinding) sendNow(c, 'PARENT_MITID', signedIn.invitationId);
    setParentCookie(c, session.cookieValue);
    return c.redirect(PARENT_PATH, 302);
  })
  // The parent's own routes (PA3-PA6): the parent cookie only.
  .use('/view', requireParent)
  .use('/meeting', requireParent)
  .use('/words', requireParent)
  .use('/plan/*', requireParent)
  .use('/consent', requireParent)
  .use('/drawings/*', requireParent)
  .use('/sign-out', requireParent)
  .get('/view', async (c) => c.json(await parentView(db(c), parent(c), clientAddress(c)), 200, PRIVATE))
  .get('/meeting', async (c) => c.json(await parentMeeting(db(c), parent(c), clientAddress(c)), 200, PRIVATE))
  .put('/words', zValidator('json', wordsSchema), async (c) =>
    c.json(await saveParentWords(db(c), parent(c), c.req.valid('json').text, clientAddress(c)), 200, PRIVATE),
  )
  .post('/plan/answer', zValidator('json', answerSchema), async (c) => {
    await answerPlan(db(c), parent(c), c.req.valid('json'), clientAddress(c));
    return c.body(null, 204);
  })
  .post('/consent', zValidator('json', consentSchema), async (c) => {
    await recordConsent(db(c), parent(c), c.req.valid('json').given, clientAddress(c));
    return c.body(null, 204);
  })
  .get('/drawings/:house', houseParams, async (c) => {
    const image = await parentDrawing(db(c), parent(c), c.req.valid('param').house, clientAddress(c));
    if (!image) return refuse(c, 'not_found', 404);
    return c.body(new Uint8Array(image), 200, { ...PRIVATE, 'Content-Type': 'image/jpeg', 'Content-Length': String(image.length), 'Cross-Origin-Resource-Policy': 'same-origin' });
  })
  .post('/sign-out', async (c) => {
    await destroyParentSession(db(c), parent(c).sessionId);
    deleteCookie(c, PARENT_COOKIE, { path: PARENT_COOKIE_PATH });
    return c.body(null, 204);
  });
