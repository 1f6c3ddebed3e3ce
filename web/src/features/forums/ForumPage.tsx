/** A forum: overview (meetings, open cases by level, follow-ups), cases, meetings. */
import { containsCpr } from '../../../../shared/cpr.js';
import { findFirstNames } from '../../../../shared/firstNames.js';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { CaseSummary, MeetingSummary } from '../../../../shared/api.js';
import { usePageTitle } from '../../app/AppShell.js';
import { useMe } from '../../app/session.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { api, errorCode } from '../../lib/api.js';
import { copenhagenOffset, formatDateTime, formatDay, todayInCopenhagen } from '../../lib/format.js';
import { forumTypeLabel } from '../../lib/labels.js';
import { casePath, keyFiguresPath, Link, meetingPath, navigate } from '../../lib/router.js';
import { useLoad } from '../../lib/useLoad.js';

export function ForumPage({ forumId }: { forumId: string }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const membership = me.memberships.find((m) => m.forumId === forumId);
  usePageTitle(t('forum.pageTitle'));
  const overview = useLoad(() => api.overview(forumId), `ov-${forumId}`);
  const cases = useLoad(() => api.cases(forumId), `cases-${forumId}`);
  const meetings = useLoad(() => api.meetings(forumId), `meetings-${forumId}`);
  const isChair = membership?.role === 'CHAIR';
  const canCreateCase = membership && membership.role !== 'GUEST';

  if (overview.status === 'error' && overview.error.status === 404) {
    return (
      <div className="page">
        <h1>{t('forum.pageTitle')}</h1>
        <p className="alert alert--error" role="alert">
          {t('forum.notFound')}
        </p>
      </div>
    );
  }

  const ov = overview.data;
  const labels = ov?.levelLabels ?? [];

  return (
    <div className="page">
      <h1>
        {ov?.forum.name ?? membership?.forumName ?? t('forum.pageTitle')}{' '}
        {ov && <span className="tag">{forumTypeLabel(t, ov.forum.type)}</span>}
      </h1>
      {isChair && (
        <p>
          <Link href={keyFiguresPath(forumId)} data-testid="keyfigures-link">
            {t('forum.keyFigures')}
          </Link>
        </p>
      )}
      {overview.status === 'loading' && (
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      )}
      {ov && (
        <div className="grid-3">
          <OverviewPanel id="ov-meetings" title={t('forum.upcoming')}>
            <ListOrEmpty items={ov.upcomingMeetings} empty={t('forum.noUpcoming')}>
              {(m) => (
                <li key={m.id}>
                  <Link href={meetingPath(m.id)}>{formatDateTime(lang, m.startsAt)}</Link>{' '}
                  <span className="muted">· {m.agendaCount === 1 ? t('forum.agendaCountOne') : t('forum.agendaCount', { n: m.agendaCount })}</span>
                </li>
              )}
            </ListOrEmpty>
          </OverviewPanel>
          <OverviewPanel id="ov-levels" title={t('forum.byLevel')}>
            <dl className="level-list">
              {(['1', '2', '3', '4', '5'] as const).map((k, i) => (
                <div key={k} className="level-list__row">
                  <dt>
                    <span className={`level-chip level-chip--${k}`}>{k}</span> {labels[i] ?? ''}
                  </dt>
                  <dd>{ov.openCasesByLevel[k]}</dd>
                </div>
              ))}
              <div className="level-list__row">
                <dt>{t('forum.noLevel')}</dt>
                <dd>{ov.openCasesByLevel.none}</dd>
              </div>
            </dl>
          </OverviewPanel>
          <OverviewPanel id="ov-followups" title={t('forum.followUpsDue')}>
            <ListOrEmpty items={ov.followUpsDue} empty={t('forum.noFollowUps')}>
              {(f) => (
                <li key={f.id} className={f.overdue ? 'text-overdue' : undefined}>
                  {formatDay(lang, f.dueDate)} ·{' '}
                  <Link href={casePath(f.case.id)}>{t('case.refLabel', { ref: f.case.reference })}</Link> · {f.responsibleName}
                  {f.overdue && <span className="tag tag--danger">{t('tasks.overdue')}</span>}
                </li>
              )}
            </ListOrEmpty>
          </OverviewPanel>
        </div>
      )}

      <section aria-labelledby="forum-cases">
        <h2 id="forum-cases">{t('forum.cases')}</h2>
        {canCreateCase && <CreateCase forumId={forumId} onCreated={cases.reload} />}
        {cases.data && <CaseTable cases={cases.data} labels={labels} />}
      </section>

      <section aria-labelledby="forum-meetings">
        <h2 id="forum-meetings">{t('forum.meetings')}</h2>
        {isChair && <CreateMeeting forumId={forumId} />}
        {meetings.data && <MeetingList meetings={meetings.data} />}
      </section>
    </div>
  );
}

/** One of the overview's three panels, headed by its title. */
function OverviewPanel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A panel's list, or the sentence saying there is nothing in it. */
function ListOrEmpty<T>({ items, empty, children }: { items: T[]; empty: string; children: (item: T) => ReactNode }) {
  if (items.length === 0) return <p className="status-text">{empty}</p>;
  return <ul className="plain-list">{items.map(children)}</ul>;
}

function CaseTable({ cases, labels }: { cases: CaseSummary[]; labels: string[] }) {
  const { t, lang } = useI18n();
  if (cases.length === 0) return <p>{t('forum.noCases')}</p>;
  return (
    <table className="table" data-testid="case-table">
      <caption className="visually-hidden">{t('forum.cases')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('case.reference')}</th>
          <th scope="col">{t('case.description')}</th>
          <th scope="col">{t('case.level')}</th>
          <th scope="col">{t('case.nextFollowUp')}</th>
          <th scope="col">{t('case.status')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id}>
            <td>
              <Link href={casePath(c.id)} data-testid="case-link" data-case-id={c.id}>
                {c.reference}
              </Link>
            </td>
            <td>{c.description}</td>
            <td>{c.latestLevel ? `${c.latestLevel} · ${labels[c.latestLevel - 1] ?? ''}` : '–'}</td>
            <td>{c.nextFollowUp ? formatDay(lang, c.nextFollowUp) : '–'}</td>
            <td>{t(c.status === 'OPEN' ? 'case.open' : 'case.closed')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CreateCase({ forumId, onCreated }: { forumId: string; onCreated: () => void }) {
  const t = useI18n().t;
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  // LB2: a warning, not a refusal, while typing: the description of an anonymous case should name nobody.
  const names = findFirstNames(description);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const text = description.trim();
    if (text.length < 3 || text.length > 200) return setError('forum.caseInvalid');
    // LB2: a CPR number must never be typed here (the server refuses it too).
    if (containsCpr(text)) return setError('forum.caseCpr');
    setBusy(true);
    setError(null);
    try {
      const created = await api.createCase(forumId, text);
      setDescription('');
      onCreated();
      navigate(casePath(created.id));
    } catch {
      setError('app.actionError');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form--card" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="new-case">{t('forum.newCase')}</label>
        <input
          id="new-case"
          data-testid="new-case-description"
          value={description}
          maxLength={200}
          autoComplete="off"
          aria-describedby="new-case-hint"
          aria-invalid={error ? true : undefined}
          onChange={(e) => setDescription(e.target.value)}
        />
        <p id="new-case-hint" className="hint">
          {t('forum.caseHint')}
        </p>
        {names.length > 0 && (
          <p className="alert alert--warning" role="status" data-testid="new-case-name-warning">
            {t('forum.caseNameWarning', { names: names.join(', ') })}
          </p>
        )}
      </div>
      {error && (
        <p className="alert alert--error" role="alert">
          {t(error)}
        </p>
      )}
      <div>
        <button type="submit" className="button" data-testid="new-case-submit" aria-disabled={busy}>
          {t('forum.createCase')}
        </button>
      </div>
    </form>
  );
}

function MeetingList({ meetings }: { meetings: MeetingSummary[] }) {
  const { t, lang } = useI18n();
  if (meetings.length === 0) return <p>{t('forum.noMeetings')}</p>;
  return (
    <ul className="doc-list">
      {meetings.map((m) => (
        <li key={m.id} className="doc-list__item">
          <Link href={meetingPath(m.id)} className="doc-list__link" data-testid="meeting-link">
            {formatDateTime(lang, m.startsAt)}
          </Link>
          <span className="tag">{t(`meetingStatus.${m.status}`)}</span>
          {m.place && <span className="muted">{m.place}</span>}
          <span className="muted">{m.agendaCount === 1 ? t('forum.agendaCountOne') : t('forum.agendaCount', { n: m.agendaCount })}</span>
        </li>
      ))}
    </ul>
  );
}

function CreateMeeting({ forumId }: { forumId: string }) {
  const t = useI18n().t;
  const [date, setDate] = useState(todayInCopenhagen());
  const [time, setTime] = useState('09:00');
  const [place, setPlace] = useState('');
  const [videoLink, setVideoLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return setError('invalid');
    setBusy(true);
    setError(null);
    try {
      const startsAt = `${date}T${time}:00${copenhagenOffset(date, time)}`;
      const created = await api.createMeeting(forumId, {
        startsAt,
        ...(place.trim() ? { place: place.trim() } : {}),
        ...(videoLink.trim() ? { videoLink: videoLink.trim() } : {}),
      });
      navigate(meetingPath(created.id));
    } catch (err) {
      setError(errorCode(err));
      setBusy(false);
    }
  };

  return (
    <details className="disclosure">
      <summary>{t('forum.newMeeting')}</summary>
      <form className="form form--card" onSubmit={submit} noValidate>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="meeting-date">{t('forum.meetingDate')}</label>
            <input id="meeting-date" type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="meeting-time">{t('forum.meetingTime')}</label>
            <input id="meeting-time" type="time" required value={time} onChange={(e) => setTime(e.target.value)} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="meeting-place">{t('forum.meetingPlace')}</label>
          <input id="meeting-place" value={place} maxLength={200} onChange={(e) => setPlace(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="meeting-video">{t('forum.meetingVideo')}</label>
          <input id="meeting-video" type="url" value={videoLink} maxLength={500} onChange={(e) => setVideoLink(e.target.value)} />
        </div>
        {error && (
          <p className="alert alert--error" role="alert">
            {t(error === 'invalid' || error === 'invalid_input' ? 'forum.meetingInvalid' : 'app.actionError')}
          </p>
        )}
        <div>
          <button type="submit" className="button" data-testid="new-meeting-submit" aria-disabled={busy}>
            {t('forum.createMeeting')}
          </button>
        </div>
      </form>
    </details>
  );
}
