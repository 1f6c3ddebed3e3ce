/** Texts of the administration's job page (/admin/job), Danish and English. */
import { makeUseText } from '../../../i18n/feature-text.js';

const da = {
  title: 'Baggrundsjob',
  nav: 'Baggrundsjob',
  intro:
    'Job, som serveren kører efter en fast plan: påmindelser, udløb af samtykker, sletning af afsluttede sager, sletning af gammel log og udløbne sessioner. Et job, der fejler, prøves igen lidt senere. Den seneste fejl bliver stående her, også når en senere kørsel lykkes.',
  caption: 'Baggrundsjob med seneste kørsel, næste kørsel og seneste fejl',
  'col.job': 'Job',
  'col.schedule': 'Kører',
  'col.state': 'Status',
  'col.lastRun': 'Seneste kørsel',
  'col.lastSuccess': 'Seneste vellykkede',
  'col.nextRun': 'Næste kørsel',
  'col.lastError': 'Seneste fejl',
  never: 'Aldrig',
  none: 'Ingen',
  refresh: 'Opdatér',
  everyMinutes: 'Hvert {n}. minut',
  everyHour: 'Hver time',
  everyMinute: 'Hvert minut',
  dailyAt: 'Dagligt kl. {time}',
  attempt: 'forsøg {n} af {of}',
  'state.ok': 'OK',
  'state.running': 'Kører nu',
  'state.retrying': 'Fejlet – prøves igen',
  'state.failed': 'Fejlet',
  'state.waiting': 'Ikke kørt endnu',
  'job.reminders': 'Påmindelser om opgaver',
  'job.consent-expiry': 'Udløb af samtykker',
  'job.retention': 'Sletning af afsluttede sager',
  'job.audit-purge': 'Sletning af gammel adgangslog',
  'job.purge-expired-sessions': 'Oprydning i udløbne sessioner',
  'job.mail': 'Afsendelse af e-mails',
} as const;

type Key = keyof typeof da;

const en: Record<Key, string> = {
  title: 'Background jobs',
  nav: 'Background jobs',
  intro:
    'Jobs the server runs on a fixed schedule: reminders, expiry of consents, deletion of closed cases, deletion of old log entries and expired sessions. A job that fails is tried again a little later. The last error stays here, also after a later run succeeds.',
  caption: 'Background jobs with last run, next run and last error',
  'col.job': 'Job',
  'col.schedule': 'Runs',
  'col.state': 'State',
  'col.lastRun': 'Last run',
  'col.lastSuccess': 'Last success',
  'col.nextRun': 'Next run',
  'col.lastError': 'Last error',
  never: 'Never',
  none: 'None',
  refresh: 'Refresh',
  everyMinutes: 'Every {n} minutes',
  everyHour: 'Every hour',
  everyMinute: 'Every minute',
  dailyAt: 'Daily at {time}',
  attempt: 'attempt {n} of {of}',
  'state.ok': 'OK',
  'state.running': 'Running',
  'state.retrying': 'Failed – will retry',
  'state.failed': 'Failed',
  'state.waiting': 'Not run yet',
  'job.reminders': 'Task reminders',
  'job.consent-expiry': 'Expiry of consents',
  'job.retention': 'Deletion of closed cases',
  'job.audit-purge': 'Deletion of old access log entries',
  'job.purge-expired-sessions': 'Clean-up of expired sessions',
  'job.mail': 'Sending e-mails',
};

export type JobsTextKey = Key;
export const useJobsText = makeUseText<Key>({ da, en });
