/**
 * A parent's sign-in with MitID through the municipality's OpenID Connect broker for citizens (docs/SPEC.md, PA10),
 * beside the e-mailed code (PA2), when PARENT_OIDC_ISSUER is set.
 *
 * Two things are proved, each by what proves it best: the invitation's token (in the link's fragment, sent in a
 * POST body, never in a URL) proves the link; the broker proves a real person (its `sub`). The invitation is bound
 * to the first person who signs in with it, and another person's sign-in with the same link (a forwarded or leaked
 * link) is refused. Of that person only a hash is kept: SHA-256 over the invitation's id, the issuer and `sub`, so
 * it can only be compared for this invitation and says nothing across invitations. The name the broker verified is
 * kept for the chair to see who signed in (PA7); a CPR number the broker may send (a `cpr` claim, or one in the
 * name) is never read into anything, logged or stored. The first binding also mails the invited address
 * (PARENT_MITID), so the parent hears of a sign-in that was not theirs.
 *
 * The flow is the members' OIDC login's (server/auth/oidc.ts, OI1-OI3, OI7): authorization code with PKCE (S256), a
 * random state and nonce, kept in PostgreSQL (`OidcFlow`, with the invitation) under the SHA-256 of a random key the
 * browser carries in an HttpOnly SameSite=Lax cookie of its own (path /api/parent/mitid, 10 minutes), taken once by
 * DELETE … RETURNING on whichever instance the browser returns to. `prompt=login` asks the broker for a fresh MitID
 * login every time, so a family computer's broker session never signs in the wrong parent. With
 * PARENT_OIDC_ACR_VALUES the level of assurance is asked for and the ID token's `acr` must be one of them.
 */
import crypto from 'node:crypto';
import * as client from 'openid-client';
import { containsCpr } from '../../../shared/cpr.js';
import { audit } from '../../audit/audit.js';
import { OIDC_FLOW_TTL_MS } from '../../auth/oidc.js';
import { lazyDiscovery } from '../../auth/oidc-discovery.js';
import type { LoginThrottle } from '../../auth/throttle.js';
import { hashSecret, newSecret } from '../../auth/tokens.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { queueMailsWith } from '../mail/outbox.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { liveInvitation, parentActorId, parentThrottleKey, SignInRefused } from './sign-in.js';

export const MITID_FLOW_COOKIE = 'samraad_parent_oidc';
export const MITID_COOKIE_PATH = '/api/parent/mitid';
export const MITID_CALLBACK_PATH = '/api/parent/mitid/callback';
/** Flows kept per invitation: starting again and again replaces the oldest. */
const FLOWS_PER_INVITATION = 5;

/** The flow's row id: not the members' (hashSecret(cookie)), so a flow is never taken by the other callback. */
const flowId = (cookieValue: string) => hashSecret(`parent-mitid:${cookieValue}`);

/** Who the broker says signed in, as compared and kept for one invitation (hex, never the subject itself). */
export function subjectHash(invitationId: string, issuer: string, sub: string): string {
  return crypto.createHash('sha256').update(`samraad-parent-mitid\n${invitationId}\n${issuer}\n${sub}`).digest('hex');
}

export type MitidRefusalReason = 'no_flow' | 'invalid_response' | 'no_subject' | 'acr' | 'invitation_invalid' | 'other_person';

/** Why a MitID sign-in was refused; the reason goes into the audit log and the server's log, never a claim. */
export class MitidRefusal extends Error {
  constructor(
    readonly reason: MitidRefusalReason,
    readonly invitation: { id: string; caseId: string; reference: string; language: string } | null,
    /** An error code of the OIDC library (never its message, which may quote values). */
    readonly detail?: string,
  ) {
    super(reason);
  }

  get status(): 400 | 403 | 410 {
    if (this.reason === 'other_person') return 403;
    if (this.reason === 'invitation_invalid') return 410;
    return 400;
  }
}

/** What a completed MitID sign-in gives the route: the invitation to start a session for. */
export interface MitidSignedIn {
  invitationId: string;
  caseId: string;
  reference: string;
  language: string;
  /** True the first time: the invitation was bound to this person now (its mail is queued). */
  firstBinding: boolean;
}

/** A name as the broker gave it, fit to show the chair: one line, at most 200 characters, never a CPR number. */
function verifiedName(claims: Record<string, unknown>): string | null {
  const given = typeof claims.given_name === 'string' ? claims.given_name : '';
  const family = typeof claims.family_name === 'string' ? claims.family_name : '';
  const raw = typeof claims.name === 'string' && claims.name.trim() ? claims.name : `${given} ${family}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const name = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  if (!name || containsCpr(name) || /\d{6}/.test(name)) return null;
  return name;
}

export class ParentBroker {
  private readonly discover: () => Promise<client.Configuration>;

  constructor(private readonly config: Config) {
    this.discover = lazyDiscovery({
      issuer: config.PARENT_OIDC_ISSUER!,
      clientId: config.PARENT_OIDC_CLIENT_ID!,
      clientSecret: config.PARENT_OIDC_CLIENT_SECRET,
      production: config.NODE_ENV === 'production',
    });
  }

  get issuer(): string {
    return this.config.PARENT_OIDC_ISSUER!;
  }


  /**
   * POST /api/parent/mitid/start: a live invitation's token → the broker's authorization URL and the flow cookie's
   * value. Refused like the code's sign-in: 410 `invitation_invalid`, 429 `too_many_attempts`. Audited.
   */
  async begin(db: Db, throttle: LoginThrottle, token: string, redirectUri: string, address: string): Promise<{ url: URL; cookieValue: string }> {
    const inv = await liveInvitation(db, token);
    if (!inv) throw new SignInRefused('invitation_invalid', 410);
    if (await throttle.blocked(parentThrottleKey(inv.id), address)) throw new SignInRefused('too_many_attempts', 429);
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.config.PARENT_OIDC_SCOPES,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      prompt: 'login',
      ...(this.config.PARENT_OIDC_ACR_VALUES ? { acr_values: this.config.PARENT_OIDC_ACR_VALUES } : {}),
      ...(inv.language === 'en' ? { ui_locales: 'en da' } : { ui_locales: 'da' }),
    });
    const { secret } = newSecret();
    await db.$transaction([
      db.$executeRaw`DELETE FROM "OidcFlow" WHERE "invitationId" = ${inv.id} AND id NOT IN (
        SELECT id FROM "OidcFlow" WHERE "invitationId" = ${inv.id} ORDER BY "createdAt" DESC, id LIMIT ${FLOWS_PER_INVITATION - 1})`,
      db.$executeRaw`INSERT INTO "OidcFlow" (id, state, nonce, "codeVerifier", "redirectUri", "expiresAt", "invitationId")
        VALUES (${flowId(secret)}, ${state}, ${nonce}, ${codeVerifier}, ${redirectUri}, now() + make_interval(secs => ${OIDC_FLOW_TTL_MS / 1000}), ${inv.id})`,
    ]);
    await audit(db, { userId: parentActorId(inv.id), action: 'CREATE', caseId: inv.caseId, caseReference: inv.case.reference, purpose: 'parent-sign-in-mitid', address });
    return { url, cookieValue: secret };
  }

  /**
   * GET /api/parent/mitid/callback: state, nonce and PKCE through the token exchange, the level of assurance, then
   * the invitation (still live) and the binding: bound now, the same person again, or refused (`other_person`).
   */
  async complete(db: Db, throttle: LoginThrottle, cookieValue: string | undefined, query: URLSearchParams, address: string): Promise<MitidSignedIn> {
    const flow = await this.take(db, cookieValue);
    if (!flow) throw new MitidRefusal('no_flow', null);
    const inv = await db.parentInvitation.findUnique({
      where: { id: flow.invitationId },
      select: { id: true, caseId: true, language: true, createdById: true, expiresAt: true, revokedAt: true, case: { select: { reference: true, status: true, forumId: true } } },
    });
    if (!inv) throw new MitidRefusal('no_flow', null);
    const who = { id: inv.id, caseId: inv.caseId, reference: inv.case.reference, language: inv.language };
    const configuration = await this.discover();
    const currentUrl = new URL(flow.redirectUri);
    currentUrl.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        pkceCodeVerifier: flow.codeVerifier,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new MitidRefusal('invalid_response', who);
      claims = idToken;
      // A broker that keeps the name out of the ID token serves it at userinfo, for the same subject.
      if (verifiedName(claims) === null && configuration.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        claims = { name: info.name, given_name: info.given_name, family_name: info.family_name, ...idToken };
      }
    } catch (err) {
      if (err instanceof MitidRefusal) throw err;
      const code = (err as { code?: unknown }).code;
      throw new MitidRefusal('invalid_response', who, typeof code === 'string' ? code.slice(0, 60) : (err as Error).name);
    }
    const sub = claims.sub;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) throw new MitidRefusal('no_subject', who);
    const wanted = this.config.PARENT_OIDC_ACR_VALUES?.split(' ');
    if (wanted && !(typeof claims.acr === 'string' && wanted.includes(claims.acr))) throw new MitidRefusal('acr', who);
    // The invitation may have ended while the parent was at the broker.
    if (inv.revokedAt || inv.expiresAt <= new Date() || inv.case.status !== 'OPEN') throw new MitidRefusal('invitation_invalid', who);

    const hash = subjectHash(inv.id, this.issuer, sub);
    const name = verifiedName(claims);
    // Bound to the first person only: the update wins only while nobody is bound (two at once: one wins).
    const firstBinding = await db.$transaction(async (tx) => {
      const { count } = await tx.parentInvitation.updateMany({
        where: { id: inv.id, mitidSubjectHash: null },
        data: { mitidSubjectHash: hash, mitidName: name, mitidBoundAt: new Date() },
      });
      if (count === 1) {
        await queueMailsWith(tx, [{ userId: inv.createdById, kind: 'PARENT_MITID', refId: inv.id, day: todayInCopenhagen(), forumId: inv.case.forumId }]);
      }
      return count === 1;
    });
    if (!firstBinding) {
      const bound = await db.parentInvitation.findUnique({ where: { id: inv.id }, select: { mitidSubjectHash: true } });
      const same = !!bound?.mitidSubjectHash && crypto.timingSafeEqual(Buffer.from(bound.mitidSubjectHash), Buffer.from(hash));
      if (!same) {
        await throttle.fail(parentThrottleKey(inv.id), address);
        throw new MitidRefusal('other_person', who);
      }
    }
    await throttle.succeed(parentThrottleKey(inv.id));
    return { invitationId: inv.id, caseId: inv.caseId, reference: inv.case.reference, language: inv.language, firstBinding };
  }

  /** The pending parent flow behind a cookie value, removed so that it is used once (on whichever instance asks first). */
  private async take(db: Db, cookieValue: string | undefined): Promise<{ state: string; nonce: string; codeVerifier: string; redirectUri: string; invitationId: string } | null> {
    if (!cookieValue || cookieValue.length > 100) return null;
    const rows = await db.$queryRaw<Array<{ state: string; nonce: string; codeVerifier: string; redirectUri: string; invitationId: string | null; live: boolean }>>`
      DELETE FROM "OidcFlow" WHERE id = ${flowId(cookieValue)} AND "invitationId" IS NOT NULL
      RETURNING state, nonce, "codeVerifier", "redirectUri", "invitationId", "expiresAt" > now() AS live`;
    const flow = rows[0];
    if (!flow?.live || !flow.invitationId) return null;
    return { state: flow.state, nonce: flow.nonce, codeVerifier: flow.codeVerifier, redirectUri: flow.redirectUri, invitationId: flow.invitationId };
  }
}

const instances = new WeakMap<Config, ParentBroker>();

/** The parents' broker of a server (one per configuration), or null when none is configured. */
export function parentBrokerFor(config: Config): ParentBroker | null {
  if (!config.PARENT_OIDC_ISSUER || !config.PARENT_OIDC_CLIENT_ID) return null;
  let instance = instances.get(config);
  if (!instance) instances.set(config, (instance = new ParentBroker(config)));
  return instance;
}
