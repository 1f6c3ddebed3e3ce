/**
 * A fixed-bucket latency histogram: 0.05 ms buckets up to 10 s, so recording
 * is O(1) and memory is constant however many samples a run takes. The bench
 * harness's one percentile implementation (nearest rank, to the bucket's upper
 * edge, never above the largest sample): every workload and page-load.ts use it.
 */
const STEP_MS = 0.05;
const BUCKETS = 200_000; // 10 s

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  count = 0;
  max = 0;
  private sum = 0;

  /** A histogram of the given samples (a storm's sync times, a page's load times). */
  static of(samples: readonly number[]): Histogram {
    const h = new Histogram();
    for (const v of samples) h.record(v);
    return h;
  }

  record(ms: number): void {
    const v = Math.max(0, ms);
    this.counts[Math.min(BUCKETS, Math.floor(v / STEP_MS))]!++;
    this.count++;
    this.sum += v;
    if (v > this.max) this.max = v;
  }

  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const target = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= target) return Math.min(this.max, (i + 1) * STEP_MS);
    }
    return this.max;
  }

  mean(): number {
    return this.count ? this.sum / this.count : NaN;
  }

  summary(): { p50: number; p95: number; p99: number; max: number; count: number } {
    return { p50: this.percentile(50), p95: this.percentile(95), p99: this.percentile(99), max: this.max, count: this.count };
  }
}
