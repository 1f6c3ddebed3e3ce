/**
 * Shared by every bench server entry point: answers the runner's IPC
 * `{type:'stats'}` with memory, CPU and event-loop delay, prints READY <port>,
 * and exits when the runner goes away.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface StatsRequest {
  type: 'stats';
  id: number;
  gc?: boolean;
  reset?: boolean;
}

export function serveStats(): void {
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  process.on('message', (m: StatsRequest) => {
    if (m?.type !== 'stats') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (m.gc && gc) {
      gc();
      gc();
    }
    process.send?.({
      type: 'stats',
      id: m.id,
      memory: process.memoryUsage(),
      cpu: process.cpuUsage(),
      eldP99: eld.percentile(99) / 1e6,
      eldMax: eld.max / 1e6,
    });
    if (m.reset) eld.reset();
  });
  process.on('disconnect', () => process.exit(0));
}

export function benchPort(): number {
  return Number(process.env.BENCH_PORT ?? 0);
}

export function ready(port: number): void {
  process.stdout.write(`READY ${port}\n`);
}

export function onStop(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      const force = setTimeout(() => process.exit(1), 15_000);
      force.unref();
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
