/**
 * A few Prometheus metrics, rendered in the text exposition format.
 * Kept dependency-free: counters, gauges read on demand, one histogram.
 */
import { dbFaults } from '../db/checkout.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';

class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(readonly buckets: number[]) {
    this.counts = new Array(buckets.length).fill(0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) this.counts[i]!++;
  }
  render(name: string): string[] {
    const lines = this.buckets.map((b, i) => `${name}_bucket{le="${b}"} ${this.counts[i]}`);
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return lines;
  }
}

export class Metrics {
  updatesTotal = 0;
  updatesDroppedReadOnly = 0;
  /** Updates refused by the update guard (P8): they would not integrate, or broke a limit. */
  updatesRefusedTotal = 0;
  awarenessTotal = 0;
  commitsTotal = 0;
  commitFailuresTotal = 0;
  /** Updates committed by another instance and applied here from Redis (scale-out). */
  remoteUpdatesTotal = 0;
  /** Redis outages seen (scale-out). */
  redisOutagesTotal = 0;
  closedByCode = new Map<number, number>();
  readonly commitSeconds = new Histogram([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]);
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  /** Gauges read at render time, so they are never stale. */
  gauges: {
    connections: () => number;
    loadedDocuments: () => number;
    socketioConnections: () => number;
    /** 1 while Redis is connected; only set when REDIS_URL is configured. */
    redisConnected?: () => number;
  } = {
    connections: () => 0,
    loadedDocuments: () => 0,
    socketioConnections: () => 0,
  };
  private lastRate = { at: Date.now(), updates: 0, perSecond: 0 };
  /** More lines from parts that keep their own counters (the job engine), rendered at the end. */
  readonly collectors: Array<() => string[]> = [];

  constructor() {
    this.loopDelay.enable();
  }

  closed(code: number): void {
    this.closedByCode.set(code, (this.closedByCode.get(code) ?? 0) + 1);
  }

  /** Updates per second since the previous scrape (a convenience beside the counter). */
  private updatesPerSecond(): number {
    const now = Date.now();
    const elapsed = (now - this.lastRate.at) / 1000;
    if (elapsed >= 1) {
      this.lastRate = { at: now, updates: this.updatesTotal, perSecond: (this.updatesTotal - this.lastRate.updates) / elapsed };
    }
    return this.lastRate.perSecond;
  }

  render(): string {
    const lines = [
      '# TYPE samraad_collab_connections gauge',
      `samraad_collab_connections ${this.gauges.connections()}`,
      '# TYPE samraad_socketio_connections gauge',
      `samraad_socketio_connections ${this.gauges.socketioConnections()}`,
      '# TYPE samraad_documents_loaded gauge',
      `samraad_documents_loaded ${this.gauges.loadedDocuments()}`,
      '# TYPE samraad_updates_total counter',
      `samraad_updates_total ${this.updatesTotal}`,
      '# TYPE samraad_updates_per_second gauge',
      `samraad_updates_per_second ${this.updatesPerSecond().toFixed(2)}`,
      '# TYPE samraad_updates_dropped_readonly_total counter',
      `samraad_updates_dropped_readonly_total ${this.updatesDroppedReadOnly}`,
      '# TYPE samraad_updates_refused_total counter',
      `samraad_updates_refused_total ${this.updatesRefusedTotal}`,
      '# TYPE samraad_db_connection_errors_total counter',
      `samraad_db_connection_errors_total ${dbFaults.total}`,
      '# TYPE samraad_awareness_updates_total counter',
      `samraad_awareness_updates_total ${this.awarenessTotal}`,
      '# TYPE samraad_commits_total counter',
      `samraad_commits_total ${this.commitsTotal}`,
      '# TYPE samraad_commit_failures_total counter',
      `samraad_commit_failures_total ${this.commitFailuresTotal}`,
      '# TYPE samraad_commit_latency_seconds histogram',
      ...this.commitSeconds.render('samraad_commit_latency_seconds'),
      '# TYPE samraad_collab_closed_total counter',
      ...[...this.closedByCode].map(([code, n]) => `samraad_collab_closed_total{code="${code}"} ${n}`),
      ...(this.gauges.redisConnected
        ? [
            '# TYPE samraad_redis_connected gauge',
            `samraad_redis_connected ${this.gauges.redisConnected()}`,
            '# TYPE samraad_redis_outages_total counter',
            `samraad_redis_outages_total ${this.redisOutagesTotal}`,
            '# TYPE samraad_remote_updates_total counter',
            `samraad_remote_updates_total ${this.remoteUpdatesTotal}`,
          ]
        : []),
      '# TYPE samraad_event_loop_delay_p99_seconds gauge',
      `samraad_event_loop_delay_p99_seconds ${(this.loopDelay.percentile(99) / 1e9).toFixed(6)}`,
      ...this.collectors.flatMap((collect) => collect()),
    ];
    return lines.join('\n') + '\n';
  }

  stop(): void {
    this.loopDelay.disable();
  }
}
