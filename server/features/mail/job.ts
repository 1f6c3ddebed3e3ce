/**
 * The `mail` job (docs/SPEC.md, ML3): every minute it queues the notices that fall due by the clock (due tomorrow,
 * agendas), then sends what the outbox holds. A run fails (O7: recorded, logged, counted, shown to the
 * administrator, retried) while mails could not be sent and wait for another attempt.
 */
import type { JobDeps } from '../../jobs/index.js';
import type { Job } from '../../jobs/job.js';
import { publicOriginOf } from '../../config.js';
import { log } from '../../observability/log.js';
import { queueScheduledNotices } from './notices.js';
import { sendPendingMails } from './send.js';
import { createMailTransport, mailModeOf, type MailMode } from './transport.js';

export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';
  /** Not `code`: the job error keeps a `code` only for database errors' SQLSTATE, and "EAUTH" would look like one. */
  constructor(
    readonly smtpCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** The mail mode is logged once per process, when the job first runs (soon after start). */
let announced: MailMode | null = null;
function announce(mode: MailMode): void {
  if (announced === mode) return;
  announced = mode;
  if (mode === 'off') log.warn('mail_off', { reason: 'SMTP_URL and SMTP_HOST are unset in production: no e-mail notices are sent' });
  else if (mode === 'log') log.info('mail_log_only', { reason: 'SMTP_URL and SMTP_HOST are unset: e-mail notices are logged, not sent' });
  else log.info('mail_smtp', {});
}

export function mailJob(deps: Pick<JobDeps, 'db' | 'config'>, now: () => Date = () => new Date()): Job {
  return {
    name: 'mail',
    schedule: { everyMinutes: 1 },
    async run() {
      const at = now();
      const mode = mailModeOf(deps.config);
      announce(mode);
      if (mode !== 'off') await queueScheduledNotices(deps.db, at);
      const transport = createMailTransport(deps.config);
      try {
        const r = await sendPendingMails({ db: deps.db, transport, origin: publicOriginOf(deps.config, deps.config.PORT), now: at });
        if (r.sent || r.failed || r.skipped) log.info('mail_run', { sent: r.sent, skipped: r.skipped, failed: r.failed, waiting: r.waiting });
        if (r.failed || r.waiting) {
          const code = r.lastError ?? 'unknown';
          throw new MailDeliveryError(code, `${r.failed} mails failed in this run, ${r.waiting} wait for another attempt (last error ${code})`);
        }
      } finally {
        transport.close();
      }
    },
  };
}
