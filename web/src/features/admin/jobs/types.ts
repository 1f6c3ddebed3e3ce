/** What GET /api/admin/jobs answers (server/jobs/status.ts, docs/SPEC.md O8): the contract's shapes. */
export type { JobState, JobStatus } from '../../../../../shared/contract/answers.js';
