/**
 * SE8: searches per user are limited, so the search cannot be used to page through every case quickly or to load
 * the database: a token bucket per user of `burst` searches, refilled at `perMinute`. The bucket is a row of
 * `SearchThrottle` in PostgreSQL, so every instance behind the balancer takes from the same one (as the login
 * throttle counts its failures there, S7), and the database's clock is the only clock.
 *
 * The bucket is kept as one time (GCRA, the generic cell rate algorithm): `fullAt`, when the user's bucket is full
 * again. A search costs one interval T = 60 s / perMinute; it is allowed while max(fullAt, now) + T lies at most
 * burst × T ahead of now. One statement takes a search or refuses it under the row's lock, so two instances
 * cannot both take the last one. A row whose `fullAt` has passed means the same as no row: such rows are purged,
 * at most once a minute per instance.
 */
import type pg from 'pg';

export interface SearchThrottleOptions {
  burst: number;
  perMinute: number;
}

export const SEARCH_THROTTLE: SearchThrottleOptions = { burst: 20, perMinute: 60 };

const PURGE_EVERY_MS = 60_000;

export class SearchThrottle {
  private lastPurge = 0;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly options: SearchThrottleOptions = SEARCH_THROTTLE,
  ) {}

  /** Takes one search for the user: 0 when allowed, else the seconds until the next one is. */
  async take(userId: string): Promise<number> {
    const interval = 60_000 / this.options.perMinute; // ms per search
    const { rows } = await this.pool.query<{ taken: number; wait: number | null }>({
      name: 'search_throttle_take',
      text: `WITH taken AS (
               INSERT INTO "SearchThrottle" AS t ("userId", "fullAt") VALUES ($1, now() + make_interval(secs => $2::float8 / 1000))
               ON CONFLICT ("userId") DO UPDATE SET "fullAt" = GREATEST(t."fullAt", now()) + make_interval(secs => $2::float8 / 1000)
                WHERE GREATEST(t."fullAt", now()) + make_interval(secs => $2::float8 / 1000) <= now() + make_interval(secs => $3::float8 / 1000)
               RETURNING 1
             )
             SELECT (SELECT count(*) FROM taken)::int AS taken,
                    (SELECT ceil(extract(epoch FROM GREATEST(t."fullAt", now()) + make_interval(secs => $2::float8 / 1000)
                                                    - now() - make_interval(secs => $3::float8 / 1000)))
                       FROM "SearchThrottle" t WHERE t."userId" = $1)::int AS wait`,
      values: [userId, interval, interval * this.options.burst],
    });
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await purgeSearchThrottle(this.pool);
    }
    const row = rows[0]!;
    if (row.taken > 0) return 0;
    // The row read here may be a moment older than the one the refusal saw (another instance took meanwhile).
    return Math.max(1, row.wait ?? 1);
  }
}

/** Removes the rows of users whose bucket is full again (the same as no row); returns how many. */
export async function purgeSearchThrottle(pool: Pick<pg.Pool, 'query'>): Promise<number> {
  const { rowCount } = await pool.query('DELETE FROM "SearchThrottle" WHERE "fullAt" <= now()');
  return rowCount ?? 0;
}
