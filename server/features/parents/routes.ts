/**
 * /api/parent/… (docs/SPEC.md, PA1-PA8), mounted in server/app.ts before /api so the parents' routes never pass the
 * members' sub-apps. Two kinds of caller:
 *  - members (the chair): /api/parent/cases/:caseId/invitations, /api/parent/invitations/:id, with the member
 *    session (resolveSession, requireActor), as every other member route;
 *  - parents: sign-in and /api/parent/{view,meeting,words,plan/answer,consent,drawings/:house,sign-out} with the
 *    parent cookie (PARENT_COOKIE, Path=/api/parent) only; a member's session counts for nothing here.
 * The API's middleware (H2 Origin, H3 body limit, H6 URL) applies to all of them. Answers are never cached.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { isHouse } from '../../../shared/family.js';
import { LIMITS } from '../../../shared/limits.js';
import { PARENT_COOKIE, PARENT_COOKIE_PATH, PARENT_SESSION_HOURS, destroyParentSession, parentFromCookie } from '../../auth/parent-sessions.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, refuseNulInUrl, requireActor, requireSameOrigin, resolveSession, routePath } from '../../http/middleware.js';
import { zValidatorJson } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import type { ParentActor } from '../../policy/policy.js';
import { inviteParent, listInvitations, revokeInvitation } from './invitations.js';
import { SignInRefused, startSignIn, verifySignIn } from './sign-in.js';
import { answerSchema, consentSchema, inviteSchema, startSignInSchema, verifySignInSchema, wordsSchema } from './types.js';
import { answerPlan, parentDrawing, parentMeeting, parentView, recordConsent, saveParentWords } from './view.js';

type ParentEnv = { Variables: AppEnv['Variables'] & { parent: (ParentActor & { sessionId: string }) | null } };

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const PRIVATE = { 'Cache-Control': 'private, no-store', Pragma: 'no-cache' } as const;
const db = (c: Context<ParentEnv>) => c.get('services').db.prisma;

const jsonLimit = bodyLimit({ maxSize: LIMITS.maxJsonBodyBytes, onError: (c) => c.json({ error: 'body_too_large' }, 413) });

function param(c: Context<ParentEnv>, name: string): string | Response {
  const v = c.req.param(name);
  if (v !== undefined && id.safeParse(v).success) return v;
  log.warn('http_invalid_input', { path: routePath(c), fields: [name] });
  return c.json({ error: 'invalid_input', fields: [name] }, 400);
}

/** A parent's session from their own cookie, or 401 (PA2). */
const requireParent = createMiddleware<ParentEnv>(async (c, next) => {
  const parent = await parentFromCookie(db(c), getCookie(c, PARENT_COOKIE));
  if (!parent) return c.json({ error: 'unauthenticated' }, 401);
  c.set('parent', parent);
  return next();
});

const refused = (c: Context<ParentEnv>, err: unknown) => {
  if (!(err instanceof SignInRefused)) throw err;
  log.warn('http_refused', { path: routePath(c), status: err.status, code: err.code });
  return c.json({ error: err.code }, err.status);
};

const parent = (c: Context<ParentEnv>) => c.get('parent')!;

export const parentRoutes = new Hono<ParentEnv>()
  .use('*', refuseNulInUrl, requireSameOrigin, jsonLimit)
  // The chair's side (PA1, PA7): members only.
  .use('/cases/*', resolveSession, requireActor)
  .use('/invitations/*', resolveSession, requireActor)
  .post('/cases/:caseId/invitations', zValidatorJson(inviteSchema), async (c) => {
    const caseId = param(c, 'caseId');
    if (caseId instanceof Response) return caseId;
    const created = await inviteParent(db(c), c.get('actor')!, caseId, c.req.valid('json'), c.get('services').publicOrigin(), clientAddress(c));
    return c.json(created, 201, PRIVATE);
  })
  .get('/cases/:caseId/invitations', async (c) => {
    const caseId = param(c, 'caseId');
    if (caseId instanceof Response) return caseId;
    return c.json(await listInvitations(db(c), c.get('actor')!, caseId, clientAddress(c)), 200, PRIVATE);
  })
  .delete('/invitations/:invitationId', async (c) => {
    const invitationId = param(c, 'invitationId');
    if (invitationId instanceof Response) return invitationId;
    await revokeInvitation(db(c), c.get('actor')!, invitationId, clientAddress(c));
    return c.body(null, 204);
  })
  // The parent's sign-in (PA2).
  .post('/sign-in/start', zValidatorJson(startSignInSchema), async (c) => {
    const { token, email } = c.req.valid('json');
    try {
      await startSignIn(db(c), c.get('services').throttle, token, email, clientAddress(c));
    } catch (err) {
      return refused(c, err);
    }
    return c.json({ sent: true }, 202, PRIVATE);
  })
  .post('/sign-in/verify', zValidatorJson(verifySignInSchema), async (c) => {
    let session: { cookieValue: string };
    try {
      session = await verifySignIn(db(c), c.get('services').throttle, c.req.valid('json'), clientAddress(c));
    } catch (err) {
      return refused(c, err);
    }
    setCookie(c, PARENT_COOKIE, session.cookieValue, {
      httpOnly: true,
      secure: c.get('services').secure(),
      sameSite: 'Strict',
      path: PARENT_COOKIE_PATH,
      maxAge: PARENT_SESSION_HOURS * 3600,
    });
    return c.body(null, 204);
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
  .put('/words', zValidatorJson(wordsSchema), async (c) =>
    c.json(await saveParentWords(db(c), parent(c), c.req.valid('json').text, clientAddress(c)), 200, PRIVATE),
  )
  .post('/plan/answer', zValidatorJson(answerSchema), async (c) => {
    await answerPlan(db(c), parent(c), c.req.valid('json'), clientAddress(c));
    return c.body(null, 204);
  })
  .post('/consent', zValidatorJson(consentSchema), async (c) => {
    await recordConsent(db(c), parent(c), c.req.valid('json').given, clientAddress(c));
    return c.body(null, 204);
  })
  .get('/drawings/:house', async (c) => {
    const house = c.req.param('house');
    if (!isHouse(house)) return c.json({ error: 'invalid_input', fields: ['house'] }, 400);
    const image = await parentDrawing(db(c), parent(c), house, clientAddress(c));
    if (!image) return c.json({ error: 'not_found' }, 404);
    return c.body(new Uint8Array(image), 200, { ...PRIVATE, 'Content-Type': 'image/jpeg', 'Content-Length': String(image.length), 'Cross-Origin-Resource-Policy': 'same-origin' });
  })
  .post('/sign-out', async (c) => {
    await destroyParentSession(db(c), parent(c).sessionId);
    deleteCookie(c, PARENT_COOKIE, { path: PARENT_COOKIE_PATH });
    return c.body(null, 204);
  });
