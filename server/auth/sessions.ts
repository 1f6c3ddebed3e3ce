/**
 * Server-side sessions and short-lived websocket tokens. The cookie carries a
 * random secret; the database stores only its hash.
 */
import type { Config } from '../config.js';
import type pg from 'pg';
import type { Db } from '../db/client.js';
import { hashSecret, newSecret } from './tokens.js';

export const SESSION_COOKIE = 'samraad_session';

export interface AuthenticatedSession {
  sessionId: string;
  userId: string;
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

  /**
   * The live session behind a cookie value, refreshing its idle timer; null if none.
   * Plain SQL: this runs for every HTTP request and every browser websocket. Times are
   * compared in the database, whose sessions run in UTC like the stored values (db/client.ts).
   */
  async fromCookie(cookieValue: string | undefined): Promise<AuthenticatedSession | null> {
    if (!cookieValue || cookieValue.length > 100) return null;
    const id = hashSecret(cookieValue);
    const { rows } = await this.pool.query<{ userId: string; disabled: boolean; dead: boolean; stale: boolean }>({
      name: 'session_from_cookie',
      text: `SELECT s."userId", u."disabledAt" IS NOT NULL AS disabled,
                    (s."expiresAt" <= now() OR s."lastSeenAt" + make_interval(mins => $2) <= now()) AS dead,
                    s."lastSeenAt" < now() - interval '60 seconds' AS stale
               FROM "Session" s JOIN "User" u ON u.id = s."userId"
              WHERE s.id = $1`,
      values: [id, this.config.SESSION_IDLE_MINUTES],
    });
    const session = rows[0];
    if (!session || session.disabled) return null;
    if (session.dead) {
      await this.pool.query('DELETE FROM "Session" WHERE id = $1', [id]);
      return null;
    }
    // Refresh at most once a minute to keep reads cheap.
    if (session.stale) await this.pool.query('UPDATE "Session" SET "lastSeenAt" = now() WHERE id = $1', [id]);
    return { sessionId: id, userId: session.userId };
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
  async fromWsToken(token: string | undefined): Promise<AuthenticatedSession | null> {
    if (!token || token.length > 100) return null;
    // Plain SQL: this runs for every websocket connection (reconnect storms).
    const { rows } = await this.pool.query<{ id: string; userId: string }>({
      name: 'ws_token_session', // prepared once per pool connection
      text: `SELECT s.id, s."userId" FROM "WsToken" t JOIN "Session" s ON s.id = t."sessionId"
              WHERE t.id = $1 AND t."expiresAt" > now() AND s."expiresAt" > now()`,
      values: [hashSecret(token)],
    });
    const row = rows[0];
    return row ? { sessionId: row.id, userId: row.userId } : null;
  }

  /** Removes expired sessions and tokens; called by a periodic job. */
  async purgeExpired(): Promise<void> {
    const now = new Date();
    await this.db.wsToken.deleteMany({ where: { expiresAt: { lt: now } } });
    await this.db.session.deleteMany({ where: { expiresAt: { lt: now } } });
  }
}
