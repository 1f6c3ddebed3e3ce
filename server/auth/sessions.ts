/**
 * Server-side sessions and short-lived websocket tokens. The cookie carries a
 * random secret; the database stores only its hash.
 */
import type { Config } from '../config.js';
import type pg from 'pg';
import type { Db } from '../db/client.js';
import { purgeOidcFlows } from './oidc.js';
import { purgeParentSessions } from './parent-sessions.js';
import { purgeLoginFailures } from './throttle.js';
import { hashSecret, newSecret } from './tokens.js';

export const SESSION_COOKIE = 'samraad_session';

export interface AuthenticatedSession {
  sessionId: string;
  userId: string;
}

/** What a request authenticates with: a websocket token, or the session cookie (maybe missing). */
export type Credential = { kind: 'token'; token: string } | { kind: 'cookie'; cookie: string | undefined };

/** The hashes `sessionCte` looks a credential up by (the other one null), or null for a missing or oversized secret. */
export function credentialHashes(credential: Credential): { cookieHash: string | null; tokenHash: string | null } | null {
  const secret = credential.kind === 'token' ? credential.token : credential.cookie;
  if (!secret || secret.length > 100) return null;
  const hash = hashSecret(secret);
  return credential.kind === 'token' ? { cookieHash: null, tokenHash: hash } : { cookieHash: hash, tokenHash: null };
}

/** A row of `sessionCte`. */
export interface SessionRow {
  id: string;
  userId: string;
  /** Past its absolute end, or (cookies) idle for SESSION_IDLE_MINUTES (SE1, SE2). */
  dead: boolean;
  /** Cookies: last seen over a minute ago, so its idle timer should move. */
  stale: boolean;
}

/**
 * The session rules in SQL, as the CTE `sess(id, "userId", dead, stale)`: the
 * session behind a cookie hash (parameter `cookie`) or behind a websocket token
 * hash that has not expired (parameter `token`; then idle time does not count:
 * the token was issued by an active session moments ago). The parameter
 * numbers let a caller join it into a query of its own.
 */
export function sessionCte(p: { cookie: number; token: number; idleMinutes: number }): string {
  const token = `$${p.token}::text`;
  return `sess AS (
    SELECT s.id, s."userId",
           (s."expiresAt" <= now() OR (${token} IS NULL AND s."lastSeenAt" + make_interval(mins => $${p.idleMinutes}::int) <= now())) AS dead,
           (${token} IS NULL AND s."lastSeenAt" < now() - interval '60 seconds') AS stale
      FROM "Session" s
     WHERE s.id = COALESCE((SELECT t."sessionId" FROM "WsToken" t WHERE t.id = ${token} AND t."expiresAt" > now()), $${p.cookie}::text)
  )`;
}

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
    private readonly config: Pick<Config, 'SESSION_IDLE_MINUTES' | 'SESSION_ABSOLUTE_HOURS' | 'WS_TOKEN_TTL_SECONDS'>,
  ) {}

  async create(userId: string): Promise<{ cookieValue: string; sessionId: string }> {
    const { secret, id } = newSecret();
    const expiresAt = new Date(Date.now() + this.config.SESSION_ABSOLUTE_HOURS * 3600_000);
    await this.db.session.create({ data: { id, userId, expiresAt } });
    return { cookieValue: secret, sessionId: id };
  }

  /** The live session behind a cookie value, refreshing its idle timer; null if none. */
  fromCookie(cookieValue: string | undefined): Promise<AuthenticatedSession | null> {
    return this.fromCredential({ kind: 'cookie', cookie: cookieValue });
  }

  async destroy(sessionId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: sessionId } });
  }

  /** A token for websocket clients, valid for WS_TOKEN_TTL_SECONDS and only for websockets. */
  async issueWsToken(sessionId: string): Promise<{ token: string; expiresAt: Date }> {
    const { secret, id } = newSecret();
    const expiresAt = new Date(Date.now() + this.config.WS_TOKEN_TTL_SECONDS * 1000);
    await this.db.wsToken.create({ data: { id, sessionId, expiresAt } });
    return { token: secret, expiresAt };
  }

  /**
   * The session behind a websocket token. The token opens connections only
   * until it expires; a connection opened with it lives as long as its session.
   */
  fromWsToken(token: string | undefined): Promise<AuthenticatedSession | null> {
    return token === undefined ? Promise.resolve(null) : this.fromCredential({ kind: 'token', token });
  }

  /**
   * One prepared query for both credentials (plain SQL: it runs for every HTTP
   * request and every websocket). Times are compared in the database, whose
   * sessions run in UTC like the stored values (db/client.ts, SE4).
   */
  async fromCredential(credential: Credential): Promise<AuthenticatedSession | null> {
    const hashes = credentialHashes(credential);
    if (!hashes) return null;
    const { cookieHash, tokenHash } = hashes;
    const { rows } = await this.pool.query<SessionRow & { disabled: boolean }>({
      name: 'session_lookup',
      text: `WITH ${sessionCte({ cookie: 1, token: 2, idleMinutes: 3 })}
             SELECT sess.*, u."disabledAt" IS NOT NULL AS disabled FROM sess JOIN "User" u ON u.id = sess."userId"`,
      values: [cookieHash, tokenHash, this.config.SESSION_IDLE_MINUTES],
    });
    const row = rows[0];
    return row && !row.disabled ? this.settle(row) : null;
  }

  /**
   * What a lookup (this one or the collaboration upgrade's, which joins it with
   * the document) found: a dead session is deleted, a stale one's idle timer
   * moved (at most once a minute, to keep reads cheap); the live one is returned.
   */
  async settle(row: SessionRow | undefined): Promise<AuthenticatedSession | null> {
    if (!row) return null;
    if (row.dead) {
      await this.pool.query('DELETE FROM "Session" WHERE id = $1', [row.id]);
      return null;
    }
    if (row.stale) await this.pool.query('UPDATE "Session" SET "lastSeenAt" = now() WHERE id = $1', [row.id]);
    return { sessionId: row.id, userId: row.userId };
  }

  /** Removes expired sessions and tokens, and the login state past its time (S7, OI7); called by a periodic job. */
  async purgeExpired(): Promise<void> {
    const now = new Date();
    await this.db.wsToken.deleteMany({ where: { expiresAt: { lt: now } } });
    await this.db.session.deleteMany({ where: { expiresAt: { lt: now } } });
    await purgeLoginFailures(this.pool);
    await purgeOidcFlows(this.db);
    await purgeParentSessions(this.db);
  }
}
