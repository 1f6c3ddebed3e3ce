/**
 * Login throttling (docs/SPEC.md, S1, S7): failures are counted per account and per client address in a sliding
 * window; over the limit, login answers 429 until it passes. The failures are rows of `LoginFailure` in
 * PostgreSQL, so every instance behind the load balancer counts the same ones. A row's key is the SHA-256 of
 * `a:<e-mail>` or `ip:<address>`: the table never holds an address or an e-mail in clear.
 *
 * Rows older than the window are purged by `purgeLoginFailures` (the session-cleanup job runs it) and, at most
 * once a minute per instance, by a failure itself, so the table stays small between job runs.
 */
import crypto from 'node:crypto';
import type pg from 'pg';

export const LOGIN_WINDOW_MS = 15 * 60_000;
const PRUNE_EVERY_MS = 60_000;

const keyOf = (kind: 'a' | 'ip', value: string) => crypto.createHash('sha256').update(`${kind}:${value}`).digest('hex');

export class LoginThrottle {
  private lastPrune = 0;

  constructor(
    private readonly pool: pg.Pool,
    private readonly perAccount = 10,
    private readonly perAddress = 50,
    private readonly windowMs = LOGIN_WINDOW_MS,
  ) {}

  /** True when the account or the address has had too many failures within the window. */
  async blocked(email: string, address: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ account: number; address: number }>({
      name: 'login_throttle_count',
      text: `SELECT count(*) FILTER (WHERE key = $1)::int AS account, count(*) FILTER (WHERE key = $2)::int AS address
             FROM "LoginFailure" WHERE key IN ($1, $2) AND at > now() - make_interval(secs => $3)`,
      values: [keyOf('a', email), keyOf('ip', address), this.windowMs / 1000],
    });
    const counts = rows[0]!;
    return counts.account >= this.perAccount || counts.address >= this.perAddress;
  }

  async fail(email: string, address: string): Promise<void> {
    await this.pool.query({
      name: 'login_throttle_fail',
      text: 'INSERT INTO "LoginFailure" (key) VALUES ($1), ($2)',
      values: [keyOf('a', email), keyOf('ip', address)],
    });
    if (Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await purgeLoginFailures(this.pool, this.windowMs);
    }
  }

  /** A successful login forgets the account's failures (not the address's). */
  async succeed(email: string): Promise<void> {
    await this.pool.query({ name: 'login_throttle_succeed', text: 'DELETE FROM "LoginFailure" WHERE key = $1', values: [keyOf('a', email)] });
  }
}

/** Removes failures older than the window; returns how many. */
export async function purgeLoginFailures(pool: Pick<pg.Pool, 'query'>, windowMs = LOGIN_WINDOW_MS): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM "LoginFailure" WHERE at <= now() - make_interval(secs => $1)', [windowMs / 1000]);
  return rowCount ?? 0;
}
