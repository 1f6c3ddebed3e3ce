/**
 * /admin/job: the periodic jobs' state for the municipality's administrators (docs/SPEC.md, O8): per job
 * when it runs, its state, last run, last success, next run and last error. Municipal ADMIN only.
 */
import { usePageTitle } from '../../../app/AppShell.js';
import { useI18n } from '../../../i18n/index.js';
import { formatDateTime } from '../../../lib/format.js';
import { useLoad } from '../../../lib/useLoad.js';
import { api } from '../../../lib/api.js';
import { LoadState } from '../common.js';
import type { JobStatus } from './types.js';
import { useJobsText, type JobsTextKey } from './text.js';

export function JobsPage() {
  const tx = useJobsText();
  const { lang } = useI18n();
  usePageTitle(tx('title'));
  const load = useLoad(() => api.admin.jobs(), 'admin-jobs');
  const when = (iso: string | null) => (iso ? formatDateTime(lang, iso) : tx('never'));
  const label = (name: string) => {
    const key = `job.${name}` as JobsTextKey;
    const text = tx(key);
    return text === key ? name : text;
  };
  const schedule = (s: JobStatus['schedule']) =>
    'dailyAt' in s
      ? tx('dailyAt', { time: s.dailyAt })
      : s.everyMinutes === 60
        ? tx('everyHour')
        : s.everyMinutes === 1
          ? tx('everyMinute')
          : tx('everyMinutes', { n: s.everyMinutes });

  return (
    <div className="page" data-testid="admin-jobs-page">
      <h1>{tx('title')}</h1>
      {!load.data ? (
        <LoadState status={load.status} error={load.error} reload={load.reload} />
      ) : (
        <>
          <p>{tx('intro')}</p>
          <p>
            <button type="button" className="button button--small button--secondary" onClick={load.reload}>
              {tx('refresh')}
            </button>
          </p>
          <table className="table table--compact" data-testid="admin-jobs">
            <caption className="visually-hidden">{tx('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tx('col.job')}</th>
                <th scope="col">{tx('col.schedule')}</th>
                <th scope="col">{tx('col.state')}</th>
                <th scope="col">{tx('col.lastRun')}</th>
                <th scope="col">{tx('col.lastSuccess')}</th>
                <th scope="col">{tx('col.nextRun')}</th>
                <th scope="col">{tx('col.lastError')}</th>
              </tr>
            </thead>
            <tbody>
              {load.data.jobs.map((j) => (
                <tr key={j.name} data-job={j.name} data-state={j.state}>
                  <th scope="row">{label(j.name)}</th>
                  <td>{schedule(j.schedule)}</td>
                  <td>
                    <span className={j.state === 'failed' || j.state === 'retrying' ? 'text-overdue' : undefined}>{tx(`state.${j.state}`)}</span>
                    {j.attempt && j.state === 'retrying' ? ` (${tx('attempt', { n: j.attempt.number, of: j.attempt.of })})` : null}
                  </td>
                  <td>{when(j.lastRunAt)}</td>
                  <td>{when(j.lastSuccessAt)}</td>
                  <td>{when(j.nextRunAt)}</td>
                  <td>
                    {j.lastError ? (
                      <>
                        <time dateTime={j.lastError.at}>{formatDateTime(lang, j.lastError.at)}</time>: <code>{j.lastError.message}</code>
                      </>
                    ) : (
                      tx('none')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
