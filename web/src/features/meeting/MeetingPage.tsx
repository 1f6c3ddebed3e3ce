/**
 * /m/:meetingId — the meeting: agenda before it starts, the live meeting
 * (everyone follows the current case; anyone may look at another one), and
 * the minutes afterwards. Refetched on `meeting:state` and `case:changed`.
 */
import { useEffect, useState } from 'react';
import type { AgendaItemView, ForumMember, MeetingDetail } from '../../../../shared/api.js';
import { usePageTitle } from '../../app/AppShell.js';
import { useForumRoom, useRealtimeEvent } from '../../app/realtime.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { api, ApiRequestError, errorCode } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { sectorLabel } from '../../lib/labels.js';
import { forumPath, Link } from '../../lib/router.js';
import { lazyPage } from '../../lib/lazyPage.js';
import { useLoad } from '../../lib/useLoad.js';
import { meetingLoadKey } from './loadKey.js';
import { ConcludeDialog } from './ConcludeDialog.js';
import { MeetingPrep } from './MeetingPrep.js';
import { MeetingJournalNumber } from './MeetingJournalNumber.js';
import { MinutesDownload } from './MinutesDownload.js';
import { HandoverPanel } from '../handover/HandoverPanel.js';
import { ParentsPanel } from '../parents/ParentsPanel.js';
import { formatClock, timeLeftMs, timerTexts, useNow } from './useTimer.js';

/**
 * The case workspace brings the editors (Yjs and ProseMirror, the largest chunk). The agenda does not wait for it:
 * it is fetched once the agenda is on screen, and shown where a case is open.
 */
const workspace = lazyPage(() => import('../case/CaseWorkspace.js').then((m) => m.CaseWorkspace));
const CaseWorkspace = workspace.Page;

export default function MeetingPage({ meetingId }: { meetingId: string }) {
  const { t, lang } = useI18n();
  usePageTitle(t('meeting.pageTitle'));
  const meeting = useLoad(() => api.meeting(meetingId), meetingLoadKey(meetingId));
  const forumId = meeting.data?.forumId ?? null;
  const room = useForumRoom(forumId);
  const members = useLoad(() => (forumId ? api.members(forumId) : Promise.resolve([])), `members-${forumId}`);
  const agendaShown = meeting.status === 'ready';
  useEffect(() => {
    // After the agenda is painted: fetching and running the editors' code must not hold it back.
    if (agendaShown) setTimeout(() => workspace.preload().catch(() => {}), 0);
  }, [agendaShown]);

  useRealtimeEvent('meeting:state', (s) => {
    if (s.meetingId === meetingId) meeting.reload();
  });
  useRealtimeEvent('case:changed', () => meeting.reload());

  if (meeting.status === 'loading') {
    return (
      <p className="status-text" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (!meeting.data) {
    return (
      <div className="page">
        <h1>{t('meeting.pageTitle')}</h1>
        <p className="alert alert--error" role="alert">
          {meeting.error?.status === 404 ? t('meeting.notFound') : t('app.loadError')}
        </p>
      </div>
    );
  }
  const m = meeting.data;

  return (
    <div className="page page--wide meeting" data-testid="meeting-page" data-status={m.status}>
      <p className="back-link">
        <Link href={forumPath(m.forumId)}>← {m.forumName}</Link>
      </p>
      <div className="page-head">
        <h1>
          {t('meeting.heading', { date: formatDateTime(lang, m.startsAt) })}{' '}
          <span className="tag" data-testid="meeting-status">
            {t(`meetingStatus.${m.status}`)}
          </span>
        </h1>
        {(m.place || m.videoLink) && (
          <p className="muted">
            {m.place}
            {m.place && m.videoLink ? ' · ' : ''}
            {m.videoLink && (
              <a href={m.videoLink} rel="noreferrer noopener" target="_blank">
                {t('meeting.videoLink')}
              </a>
            )}
          </p>
        )}
      </div>
      <MeetingJournalNumber meeting={m} onChanged={meeting.reload} />
      {m.status === 'PLANNED' && <MeetingPrep meeting={m} members={members.data ?? []} onChanged={meeting.reload} />}
      {m.status === 'RUNNING' && (
        <MeetingLive meeting={m} members={members.data ?? []} clockOffset={room.clockOffset} onChanged={meeting.reload} />
      )}
      {m.status === 'CLOSED' && <MeetingClosed meeting={m} />}
      <ParentsPanel meeting={m} />
    </div>
  );
}

function MeetingClosed({ meeting }: { meeting: MeetingDetail }) {
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="closed-title">
      <h2 id="closed-title">{t('meeting.closedTitle')}</h2>
      {meeting.closedAt && <p>{t('meeting.closedAt', { date: formatDateTime(lang, meeting.closedAt) })}</p>}
      <MinutesDownload meetingId={meeting.id} />
      <HandoverPanel meeting={meeting} />
      <h3>{t('meeting.agenda')}</h3>
      <AgendaSummary meeting={meeting} />
    </section>
  );
}

function AgendaSummary({ meeting }: { meeting: MeetingDetail }) {
  const t = useI18n().t;
  if (meeting.agenda.length === 0) return <p>{t('meeting.noAgenda')}</p>;
  return (
    <ol className="agenda">
      {meeting.agenda.map((a) => (
        <li key={a.id} className="agenda__item">
          <span className="agenda__ref">{t('case.refLabel', { ref: a.case.reference })}</span>
          <span className="agenda__desc">{a.case.description}</span>
          {a.concluded && <span className="tag tag--ok">{t('meeting.concluded')}</span>}
        </li>
      ))}
    </ol>
  );
}

/** What the chair was trying to do when the server said the current case must be concluded first. */
type Pending = { kind: 'goto'; itemId: string | null } | { kind: 'close' } | null;

function MeetingLive({
  meeting,
  members,
  clockOffset,
  onChanged,
}: {
  meeting: MeetingDetail;
  members: ForumMember[];
  clockOffset: number;
  onChanged: () => void;
}) {
  const t = useI18n().t;
  const agenda = [...meeting.agenda].sort((a, b) => a.position - b.position);
  const current = agenda.find((a) => a.id === meeting.currentItemId) ?? null;
  // "Se anden sag": a local choice; nobody else moves.
  const [viewId, setViewId] = useState<string | null>(null);
  const [conclude, setConclude] = useState<{ item: AgendaItemView; then: Pending } | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

  const viewing = viewId && viewId !== meeting.currentItemId ? (agenda.find((a) => a.id === viewId) ?? null) : null;
  const shown = viewing ?? current;
  const currentIndex = current ? agenda.indexOf(current) : -1;
  const next = currentIndex >= 0 ? (agenda[currentIndex + 1] ?? null) : (agenda.find((a) => !a.startedAt) ?? null);

  const handle = (err: unknown, then: Pending) => {
    if (err instanceof ApiRequestError && err.code === 'case_not_concluded') {
      const itemId = typeof err.details['itemId'] === 'string' ? err.details['itemId'] : meeting.currentItemId;
      const item = agenda.find((a) => a.id === itemId);
      if (item) {
        setConclude({ item, then });
        return;
      }
    }
    setError(errorCode(err) === 'forbidden' ? 'meeting.error.forbidden' : `error.${errorCode(err)}`);
  };

  const goTo = async (itemId: string | null) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.setCurrent(meeting.id, itemId);
      setViewId(null);
      onChanged();
    } catch (err) {
      handle(err, { kind: 'goto', itemId });
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.close(meeting.id);
      onChanged();
    } catch (err) {
      handle(err, { kind: 'close' });
    } finally {
      setBusy(false);
    }
  };

  const afterConclude = () => {
    const then = conclude?.then ?? null;
    setConclude(null);
    onChanged();
    if (then?.kind === 'goto') void goTo(then.itemId);
    else if (then?.kind === 'close') void close();
  };

  const discussed = agenda.filter((a) => a.startedAt);
  const allConcluded = discussed.every((a) => a.concluded);

  return (
    <div className="meeting-live">
      <div className="meeting-bar" data-testid="meeting-bar">
        <div className="meeting-bar__now">
          <span className="muted">{t('meeting.nowDiscussing')}</span>{' '}
          <strong data-testid="meeting-current" data-item-id={current?.id ?? ''}>
            {current ? t('case.refLabel', { ref: current.case.reference }) : t('meeting.noItem')}
          </strong>
        </div>
        {current && <Timer item={current} startedAt={meeting.currentItemStartedAt} clockOffset={clockOffset} />}
        {meeting.isChair && (
          <div className="meeting-bar__actions">
            {current && (
              <button
                type="button"
                className="button button--secondary"
                data-testid="conclude-open"
                onClick={() => setConclude({ item: current, then: null })}
              >
                {current.concluded ? t('meeting.editConclusion') : t('meeting.conclude')}
              </button>
            )}
            {next && (
              <button type="button" className="button" data-testid="next-case" aria-disabled={busy} onClick={() => void goTo(next.id)}>
                {t('meeting.next', { ref: next.case.reference })}
              </button>
            )}
            <button
              type="button"
              className={allConcluded ? 'button' : 'button button--secondary'}
              data-testid="close-meeting"
              aria-disabled={busy}
              onClick={() => void close()}
            >
              {t('meeting.close')}
            </button>
          </div>
        )}
      </div>
      {error && (
        <p className="alert alert--error" role="alert">
          {t(error)}
        </p>
      )}
      {viewing && (
        <div className="notice follow-banner" role="status" data-testid="viewing-other">
          <p>{t('meeting.viewingOther', { ref: viewing.case.reference, current: current?.case.reference ?? '–' })}</p>
          <button type="button" className="button" data-testid="follow-meeting" onClick={() => setViewId(null)}>
            {t('meeting.follow')}
          </button>
        </div>
      )}
      <div className="meeting-layout">
        <nav className="meeting-agenda" aria-labelledby="agenda-title">
          <h2 id="agenda-title" className="panel__title">
            {t('meeting.agenda')}
          </h2>
          <ol className="agenda agenda--live">
            {agenda.map((a) => {
              const isCurrent = a.id === meeting.currentItemId;
              const isShown = a.id === shown?.id;
              return (
                <li key={a.id} className={`agenda__item${isCurrent ? ' agenda__item--current' : ''}`} data-testid="agenda-item" data-item-id={a.id}>
                  <span className="agenda__ref">
                    {t('case.refLabel', { ref: a.case.reference })}
                    {isCurrent && <span className="tag">{t('meeting.current')}</span>}
                    {a.concluded && <span className="tag tag--ok">{t('meeting.concluded')}</span>}
                  </span>
                  <span className="agenda__desc">
                    {a.case.description} · {t('meeting.minutes', { n: a.timeboxMinutes })}
                  </span>
                  <span className="agenda__tools">
                    {!isShown && (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        data-testid="view-case"
                        onClick={() => setViewId(isCurrent ? null : a.id)}
                      >
                        {isCurrent ? t('meeting.follow') : t('meeting.viewOther')}
                        <span className="visually-hidden"> {a.case.reference}</span>
                      </button>
                    )}
                    {meeting.isChair && !isCurrent && (
                      <button type="button" className="button button--secondary button--small" onClick={() => void goTo(a.id)}>
                        {t('meeting.moveHere')}
                        <span className="visually-hidden"> {a.case.reference}</span>
                      </button>
                    )}
                  </span>
                </li>
              );
            })}
          </ol>
          <Participants meeting={meeting} />
        </nav>
        <div className="meeting-case">
          {shown ? (
            <CaseWorkspace key={shown.case.id} caseId={shown.case.id} headingLevel={2} joinRoom={false} />
          ) : (
            <p>{t('meeting.noItem')}</p>
          )}
        </div>
      </div>
      <ConcludeDialog
        meetingId={meeting.id}
        item={conclude?.item ?? null}
        members={members}
        levelLabels={meeting.levelLabels}
        onClose={() => setConclude(null)}
        onDone={afterConclude}
      />
    </div>
  );
}

function Timer({ item, startedAt, clockOffset }: { item: AgendaItemView; startedAt: string | null; clockOffset: number }) {
  const t = useI18n().t;
  const now = useNow(1000);
  const left = timeLeftMs(startedAt, item.timeboxMinutes, now, clockOffset);
  if (left === null) return null;
  // The live region changes once a minute at most, so screen readers are told politely and rarely (WB18).
  const { over, hidden, announcement } = timerTexts(t, left);
  return (
    <div className={`timer${over ? ' timer--over' : ''}`} data-testid="timer" data-over={over ? 'true' : 'false'}>
      <span className="timer__clock" aria-hidden="true">
        {over ? `+${formatClock(left)}` : formatClock(left)}
      </span>
      <span className="visually-hidden" data-testid="timer-text">
        {hidden}
      </span>
      <span className="timer__note" aria-live="polite" data-testid="timer-warning">
        {announcement}
      </span>
    </div>
  );
}

function Participants({ meeting }: { meeting: MeetingDetail }) {
  const t = useI18n().t;
  if (meeting.participants.length === 0) return null;
  return (
    <>
      <h2 className="panel__title">{t('meeting.participants')}</h2>
      <ul className="plain-list">
        {meeting.participants.map((p, i) => (
          <li key={p.userId ?? `g-${i}`}>
            {p.userId ? `${p.name ?? ''}${p.sector ? ` (${sectorLabel(t, p.sector)})` : ''}` : `${p.guestLabel ?? ''} (${t('role.GUEST').toLowerCase()})`}
          </li>
        ))}
      </ul>
    </>
  );
}

