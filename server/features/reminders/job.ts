import type { JobDeps } from '../../jobs/index.js';
import type { Job } from '../../jobs/job.js';
import { log } from '../../observability/log.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { presentPush } from './presenter.js';
import { createDueNotifications } from './service.js';

/** Creates due/overdue reminders and pushes each new one to its user. */
export function remindersJob(deps: Pick<JobDeps, 'db' | 'hub'>, now: () => Date = () => new Date()): Job {
  return {
    name: 'reminders',
    schedule: { everyMinutes: 5 },
    async run() {
      const created = await createDueNotifications(deps.db, todayInCopenhagen(now()));
      for (const n of created) deps.hub.toUser(n.userId, 'notification', presentPush(n));
      if (created.length > 0) log.info('reminders_created', { count: created.length });
    },
  };
}
