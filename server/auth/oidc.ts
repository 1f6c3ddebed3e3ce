/**
 * OIDC login: authorization code flow with PKCE, state and nonce against the
 * configured issuer (docs/SPEC.md, OI1-OI4). The provider only tells us who
 * the person is; forum membership stays in Samråd.
 *
 * The state, nonce and PKCE verifier of a login in progress stay on the
 * server, in PostgreSQL (`OidcFlow`), under the SHA-256 of a random key that
 * the browser carries in a short-lived HttpOnly SameSite=Lax cookie (Lax,
 * because the provider sends the browser back with a cross-site top-level
 * GET). Each key is taken once, by a DELETE … RETURNING, so a login begun on
 * one instance completes on any other and never twice (OI7). Expired flows
 * are purged by `purgeOidcFlows` (the session-cleanup job runs it) and, at
 * most every few seconds per instance, when a login begins.
 */
import * as client from 'openid-client';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { lazyDiscovery } from './oidc-discovery.js';
import { hashSecret, newSecret } from './tokens.js';

export const OIDC_FLOW_COOKIE = 'samraad_oidc';
export const OIDC_FLOW_TTL_MS = 10 * 60_000;
/** Unauthenticated callers can start logins: at most this many are kept (the oldest go first). */
const MAX_PENDING = 10_000;
const PRUNE_EVERY_MS = 10_000;

interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/** Why an OIDC login was refused; the reason goes into the log, never to the user. */
export class OidcRefusal extends Error {
  constructor(
    readonly reason: 'no_flow' | 'invalid_response' | 'no_claim' | 'unverified_email' | 'unknown_user' | 'disabled_user',
    readonly userId?: string,
    /** An error code of the OIDC library (never its message, which may quote values). */
    readonly detail?: string,
  ) {
    super(reason);
  }

  /** A problem with the protocol exchange (400) rather than with the person (403). */
  get isProtocol(): boolean {
    return this.reason === 'no_flow' || this.reason === 'invalid_response';
  }
}

export class OidcLogin {
  private readonly discover: () => Promise<client.Configuration>;
  private lastPrune = 0;

  constructor(private readonly config: Config) {
    this.discover = lazyDiscovery({
      issuer: config.OIDC_ISSUER!,
      clientId: config.OIDC_CLIENT_ID!,
      clientSecret: config.OIDC_CLIENT_SECRET,
      production: config.NODE_ENV === 'production',
    });
  }


  /** Starts a login: the provider URL to redirect to and the cookie value that binds the flow to this browser. */
  async begin(db: Db, redirectUri: string): Promise<{ url: URL; cookieValue: string }> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.config.OIDC_SCOPES,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    await this.prune(db);
    const { secret, id } = newSecret();
    // Keyed by the SHA-256 of the cookie value, like sessions; the database's clock decides expiry on every instance.
    await db.$executeRaw`INSERT INTO "OidcFlow" (id, state, nonce, "codeVerifier", "redirectUri", "expiresAt")
      VALUES (${id}, ${state}, ${nonce}, ${codeVerifier}, ${redirectUri}, now() + make_interval(secs => ${OIDC_FLOW_TTL_MS / 1000}))`;
    return { url, cookieValue: secret };
  }

  /**
   * Completes a login: checks state, nonce and PKCE through the token exchange,
   * then finds the Samråd user. Returns the user id or throws OidcRefusal.
   */
  async complete(db: Db, cookieValue: string | undefined, query: URLSearchParams): Promise<string> {
    const flow = await this.take(db, cookieValue);
    if (!flow) throw new OidcRefusal('no_flow');
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
      if (!idToken) throw new OidcRefusal('invalid_response');
      claims = idToken;
      // Providers that keep scope claims out of the ID token serve them at userinfo,
      // for the same subject (checked by fetchUserInfo).
      if (claims[this.config.OIDC_MATCH_CLAIM] === undefined && configuration.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        claims = { ...info, ...idToken };
      }
    } catch (err) {
      if (err instanceof OidcRefusal) throw err;
      const code = (err as { code?: unknown }).code;
      throw new OidcRefusal('invalid_response', undefined, typeof code === 'string' ? code.slice(0, 60) : (err as Error).name);
    }
    return this.matchUser(db, claims);
  }

  private async matchUser(db: Db, claims: Record<string, unknown>): Promise<string> {
    const claim = this.config.OIDC_MATCH_CLAIM;
    const raw = claims[claim];
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > 320) throw new OidcRefusal('no_claim');
    const isEmail = claim === 'email';
    // A provider that says the address is not verified cannot vouch for it.
    if (isEmail && claims.email_verified === false) throw new OidcRefusal('unverified_email');
    const value = isEmail ? raw.trim().toLowerCase() : raw;
    const select = { id: true, disabledAt: true, oidcSubject: true } as const;
    let user = await db.user.findUnique({ where: { oidcSubject: value }, select });
    if (!user && isEmail) {
      // First OIDC login of a local user: match by e-mail and remember the link,
      // unless the user is already linked to another subject.
      const byEmail = await db.user.findUnique({ where: { email: value }, select });
      if (byEmail && byEmail.oidcSubject === null) {
        const linked = await db.user.updateMany({ where: { id: byEmail.id, oidcSubject: null }, data: { oidcSubject: value } });
        if (linked.count === 1) user = { ...byEmail, oidcSubject: value };
      }
    }
    if (!user) throw new OidcRefusal('unknown_user');
    if (user.disabledAt) throw new OidcRefusal('disabled_user', user.id);
    return user.id;
  }

  /** The pending login behind a cookie value, removed so that it is used once (on whichever instance asks first). */
  private async take(db: Db, cookieValue: string | undefined): Promise<PendingLogin | null> {
    if (!cookieValue || cookieValue.length > 100) return null;
    const id = hashSecret(cookieValue);
    const rows = await db.$queryRaw<Array<PendingLogin & { live: boolean }>>`DELETE FROM "OidcFlow" WHERE id = ${id}
      RETURNING state, nonce, "codeVerifier", "redirectUri", "expiresAt" > now() AS live`;
    const flow = rows[0];
    if (!flow?.live) return null;
    return { state: flow.state, nonce: flow.nonce, codeVerifier: flow.codeVerifier, redirectUri: flow.redirectUri };
  }

  /** Expired flows go, and beyond MAX_PENDING the oldest; at most every PRUNE_EVERY_MS per instance. */
  private async prune(db: Db): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await purgeOidcFlows(db);
  }
}

/** Removes expired OIDC flows and, beyond MAX_PENDING, the oldest; returns how many. */
export async function purgeOidcFlows(db: Db): Promise<number> {
  const expired = await db.$executeRaw`DELETE FROM "OidcFlow" WHERE "expiresAt" <= now()`;
  const excess = await db.$executeRaw`DELETE FROM "OidcFlow" WHERE id IN (SELECT id FROM "OidcFlow" ORDER BY "createdAt" DESC, id OFFSET ${MAX_PENDING})`;
  return expired + excess;
}

const instances = new WeakMap<Config, OidcLogin>();

/** The OIDC login of a server (one per configuration), or null when OIDC is not configured. */
export function oidcFor(config: Config): OidcLogin | null {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID) return null;
  let instance = instances.get(config);
  if (!instance) instances.set(config, (instance = new OidcLogin(config)));
  return instance;
}
