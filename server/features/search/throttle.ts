/**
 * SE8: searches per user are limited, so the search cannot be used to page through every case quickly or to load
 * the database: a token bucket per user of `burst` searches, refilled at `perMinute`. Kept in memory per instance
 * (behind a balancer each instance counts its own); entries of users who stopped searching are dropped.
 */
export interface SearchThrottleOptions {
  burst: number;
  perMinute: number;
}

export const SEARCH_THROTTLE: SearchThrottleOptions = { burst: 20, perMinute: 60 };

export class SearchThrottle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: SearchThrottleOptions = SEARCH_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one search for the user: 0 when allowed, else the seconds until the next one is. */
  take(userId: string): number {
    const now = this.now();
    const rate = this.options.perMinute / 60_000; // tokens per ms
    const bucket = this.buckets.get(userId) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * rate);
    bucket.at = now;
    this.buckets.set(userId, bucket);
    if (this.buckets.size > 10_000) this.prune(now, rate);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000));
  }

  /** Drops buckets that have filled up again (their users are back to a full burst anyway). */
  private prune(now: number, rate: number): void {
    for (const [userId, b] of this.buckets) if (b.tokens + (now - b.at) * rate >= this.options.burst) this.buckets.delete(userId);
  }
}
