/**
 * GET /api/admin/jobs — the periodic jobs' state for the municipality's administrators (O8): last run, last
 * success, next run, last error and state per job, the same on every instance (read from pg-boss's tables).
 * The jobs serve every municipality; what is shown holds ids and codes only, nothing about a case.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { requireActor } from '../../http/middleware.js';
import { allJobs } from '../../jobs/index.js';
import { jobStatus } from '../../jobs/status.js';
import { can } from '../../policy/policy.js';

export const adminJobRoutes = new Hono<AppEnv>().get('/', requireActor, async (c) => {
  const actor = c.get('actor')!;
  if (!can(actor, 'admin:manage', { municipalityId: actor.municipalityId })) return refuse(c, 'forbidden', 403);
  const { config, db, sessions, hub } = c.get('services');
  // Building the jobs only reads their names and schedules; nothing runs.
  return c.json({ jobs: await jobStatus(db.pool, allJobs({ config, db, sessions, hub })) });
});
