/** "Mine opgaver": my actions, follow-ups and hand-over packets to file (HO11) across forums, by date, overdue marked. */
import { useState } from 'react';
import { usePageTitle } from '../../app/AppShell.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { formatDay } from '../../lib/format.js';
import { sectorLabel } from '../../lib/labels.js';
import { casePath, Link, meetingPath } from '../../lib/router.js';
import { PHONE, useMediaQuery } from '../../lib/useMediaQuery.js';
import { useLoad } from '../../lib/useLoad.js';

interface Row {
  key: string;
  kind: 'action' | 'followUp' | 'handover';
  title: string;
  dueDate: string | null;
  overdue: boolean;
  status?: string;
  /** Where the task is done: the case, or for a hand-over packet the meeting that made it. */
  href: string;
  reference: string;
  forumName: string;
}

export function TasksPage() {
  const { t } = useI18n();
  usePageTitle(t('tasks.title'));
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('tasks.title')}</h1>
        <CalendarTools />
      </div>
      <TaskList />
    </div>
  );
}

/** The task list: a table, or on a phone one card per task (WB14), so nothing scrolls sideways. */
export function TaskList() {
  const { t, lang } = useI18n();
  const tasks = useLoad(api.tasks, 'tasks');
  const phone = useMediaQuery(PHONE);

  const rows: Row[] = [];
  if (tasks.data) {
    for (const a of tasks.data.actions)
      rows.push({
        key: `a-${a.id}`,
        kind: 'action',
        title: a.title || t('tasks.untitled'),
        dueDate: a.dueDate,
        overdue: a.overdue,
        status: t(`status.${a.status}`),
        href: casePath(a.case.id),
        reference: a.case.reference,
        forumName: a.forum.name,
      });
    for (const f of tasks.data.followUps)
      rows.push({
        key: `f-${f.id}`,
        kind: 'followUp',
        title: t('tasks.followUp'),
        dueDate: f.dueDate,
        overdue: f.overdue,
        href: casePath(f.case.id),
        reference: f.case.reference,
        forumName: f.forum.name,
      });
    for (const h of tasks.data.handovers)
      rows.push({
        key: `h-${h.meetingId}-${h.case.id}-${h.sector}`,
        kind: 'handover',
        title: t('tasks.handover', { sector: sectorLabel(t, h.sector) }),
        dueDate: null,
        overdue: false,
        href: meetingPath(h.meetingId),
        reference: h.case.reference,
        forumName: h.forum.name,
      });
    // By date, undated last.
    rows.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  }
  const due = (r: Row) => (
    <>
      {r.dueDate ? formatDay(lang, r.dueDate) : t('tasks.noDate')}
      {r.overdue && <span className="tag tag--danger">{t('tasks.overdue')}</span>}
    </>
  );

  return (
    <>
      {tasks.status === 'loading' && (
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      )}
      {tasks.status === 'error' && (
        <div className="alert alert--error" role="alert">
          <p>{t('app.loadError')}</p>
          <button type="button" className="button button--secondary" onClick={tasks.reload}>
            {t('docs.retry')}
          </button>
        </div>
      )}
      {tasks.status === 'ready' && rows.length === 0 && <p>{t('tasks.empty')}</p>}
      {rows.length > 0 && phone && (
        <ul className="task-cards" data-testid="task-cards" aria-label={t('tasks.title')}>
          {rows.map((r) => (
            <li key={r.key} className={r.overdue ? 'task-card task-card--overdue' : 'task-card'} data-testid="task-row">
              <p className="task-card__title">
                {r.title}
                {r.status && <span className="muted"> · {r.status}</span>}
              </p>
              <p className="task-card__due">
                <span className="muted">{t('tasks.due')}: </span>
                {due(r)}
              </p>
              <p className="task-card__where">
                <Link href={r.href}>{t('case.refLabel', { ref: r.reference })}</Link>
                <span className="muted"> · {r.forumName}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {rows.length > 0 && !phone && (
        <table className="table" data-testid="task-table">
          <caption className="visually-hidden">{t('tasks.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tasks.due')}</th>
              <th scope="col">{t('tasks.task')}</th>
              <th scope="col">{t('tasks.case')}</th>
              <th scope="col">{t('tasks.forum')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={r.overdue ? 'row--overdue' : undefined} data-testid="task-row">
                <td>{due(r)}</td>
                <td>
                  {r.title}
                  {r.status && <span className="muted"> · {r.status}</span>}
                </td>
                <td>
                  <Link href={r.href}>{t('case.refLabel', { ref: r.reference })}</Link>
                </td>
                <td>{r.forumName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Download the calendar now, or subscribe to a private feed URL. */
export function CalendarTools() {
  const t = useI18n().t;
  const [feed, setFeed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  const [copied, setCopied] = useState(false);

  const subscribe = async () => {
    if (busy) return;
    setBusy(true);
    setError(false);
    try {
      setFeed((await api.calendarFeed()).url);
    } catch {
      setError(true);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    if (!feed) return;
    try {
      await navigator.clipboard.writeText(feed);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <div className="calendar-tools">
      <a className="button button--secondary" href={api.calendarUrl()} download>
        {t('tasks.calendar')}
      </a>
      <button type="button" className="button button--secondary" aria-disabled={busy} onClick={() => void subscribe()}>
        {t('tasks.subscribe')}
      </button>
      {error && (
        <p className="alert alert--error" role="alert">
          {t('app.actionError')}
        </p>
      )}
      {feed && (
        <div className="field calendar-tools__feed">
          <label htmlFor="calendar-feed-url">{t('tasks.feedUrl')}</label>
          <div className="inline">
            <input id="calendar-feed-url" readOnly value={feed} onFocus={(e) => e.currentTarget.select()} aria-describedby="calendar-feed-hint" />
            <button type="button" className="button button--secondary" onClick={() => void copy()}>
              {t('tasks.copy')}
            </button>
          </div>
          <p id="calendar-feed-hint" className="hint" role="status">
            {copied ? t('tasks.copied') : t('tasks.feedHint')}
          </p>
        </div>
      )}
    </div>
  );
}
