/**
 * A token bucket (docs/SPEC.md, P11): `burst` tokens at once, refilled at
 * `perSecond`. Generous for people (a fast typist, a paste, a reconnect's
 * step 2), fatal for a flood; checked per message without timers.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(private readonly rate: { burst: number; perSecond: number }) {
    this.tokens = rate.burst;
  }

  /** Takes `n` tokens; false when the bucket does not hold them (nothing is taken then). */
  take(n: number): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.last) / 1000) * this.rate.perSecond);
    this.last = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}
