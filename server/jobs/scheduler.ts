/**
 * Periodic jobs: each runs every `everyMs` (the first run one interval after
 * start), never twice at once, with errors logged rather than thrown. stop()
 * leaves no timer behind; runNow() runs one at once (tests, admin tools).
 */
import { log } from '../observability/log.js';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

export function startJobs(jobs: Job[]): { stop(): Promise<void>; runNow(name: string): Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  const runJob = (job: Job): Promise<void> => {
    const current = running.get(job.name);
    if (current) return current;
    const p = job
      .run()
      .catch((err) => log.error('job_failed', { job: job.name, err: (err as Error).message }))
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  };

  for (const job of jobs) {
    const timer = setInterval(() => {
      if (!stopped) void runJob(job);
    }, job.everyMs);
    timer.unref();
    timers.push(timer);
  }
  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all(running.values());
    },
    runNow(name: string) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`no job ${name}`));
      return runJob(job);
    },
  };
}
