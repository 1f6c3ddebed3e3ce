/** What a periodic job is: a name, when it is due, and the work. Features build theirs in their job.ts. */
import type { Schedule } from './schedule.js';

export interface Job {
  /** The pg-boss queue's name, also the name in logs, metrics and the administration. */
  name: string;
  schedule: Schedule;
  /**
   * The work. It throws when it did not do its work: the run is then recorded as failed and retried.
   * Errors carry ids and codes only (G1); their message is what the administration shows.
   */
  run(): Promise<void>;
  /** A run still active after this long is failed by pg-boss and retried (default 10 minutes, at most 23 hours). */
  expireInSeconds?: number;
  /** Retries after a failed run (default 3), the first after about `retryDelaySeconds` (default 30), doubling. */
  retryLimit?: number;
  retryDelaySeconds?: number;
}

/** What a failed run leaves: class, code and message, never a stack or a database error's text (it may quote values). */
export interface JobError {
  name: string;
  code?: string;
  message: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

export function jobErrorOf(err: unknown): JobError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err).slice(0, 300) };
  const code = (err as { code?: unknown }).code;
  const fromDatabase = (typeof code === 'string' && SQLSTATE.test(code)) || /^(Prisma|DriverAdapter)/.test(err.name);
  if (fromDatabase) {
    // PostgreSQL's messages and details, and Prisma's (which quote the call's arguments), can hold the
    // offending values: only the class and code are kept.
    const tag = typeof code === 'string' ? code : err.name;
    return { name: err.name, ...(typeof code === 'string' ? { code } : {}), message: `database error ${tag}` };
  }
  return { name: err.name, ...(typeof code === 'string' ? { code } : {}), message: err.message.slice(0, 300) };
}
