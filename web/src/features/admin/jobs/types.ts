/** What GET /api/admin/jobs answers (server/jobs/status.ts, docs/SPEC.md O8). */
export type JobState = 'ok' | 'running' | 'retrying' | 'failed' | 'waiting';

export interface JobStatus {
  name: string;
  schedule: { everyMinutes: number } | { dailyAt: string };
  state: JobState;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  nextRunAt: string;
  lastError: { at: string; name: string; code?: string; message: string } | null;
  attempt: { number: number; of: number } | null;
}
