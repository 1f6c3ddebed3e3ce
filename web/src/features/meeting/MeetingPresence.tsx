/**
 * "Til stede i mødet": who has joined the forum's meeting room over socket.io,
 * and the agenda item the chair has put on screen. A chair can change it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Role } from '../../../../shared/domain.js';
import type { ErrorCode } from '../../../../shared/errors.js';
import type { MeetingState, PresentMember } from '../../../../shared/protocol.js';
import { useT, type MessageKey } from '../../i18n/index.js';
import { roleLabel, safeColour, sectorLabel } from '../../lib/labels.js';
import { createRealtime, refusalReason, type RealtimeSocket } from '../../lib/realtime.js';

const ACK_TIMEOUT_MS = 5000;

type Status = 'connecting' | 'joined' | 'unavailable' | 'forbidden';

function dedupe(present: PresentMember[]): PresentMember[] {
  const byId = new Map<string, PresentMember>();
  for (const p of present) if (!byId.has(p.userId)) byId.set(p.userId, p);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'da'));
}

const KNOWN_ERRORS = ['forbidden', 'no_running_meeting', 'case_not_concluded', 'not_found', 'invalid_input'] as const;
/** The ack's code in this page's words; another code in its text of i18n/errors.ts; none (a timeout): generic. */
function errorKey(code: ErrorCode | undefined): MessageKey {
  if (code === undefined) return 'meeting.error.generic';
  return (KNOWN_ERRORS as readonly ErrorCode[]).includes(code) ? `meeting.error.${code as (typeof KNOWN_ERRORS)[number]}` : `error.${code}`;
}

export function MeetingPresence({ forumId, role }: { forumId: string; role?: Role }) {
  const t = useT();
  const socketRef = useRef<RealtimeSocket | null>(null);
  const [status, setStatus] = useState<Status>('connecting');
  const [present, setPresent] = useState<PresentMember[]>([]);
  const [meeting, setMeeting] = useState<MeetingState | null>(null);

  useEffect(() => {
    const socket = createRealtime();
    socketRef.current = socket;
    let active = true;

    const join = () => {
      socket.timeout(ACK_TIMEOUT_MS).emit('meeting:join', { forumId }, (err, res) => {
        if (!active) return;
        if (err || !res) return setStatus('unavailable');
        if (!res.ok) return setStatus(res.error === 'forbidden' ? 'forbidden' : 'unavailable');
        setPresent(dedupe(res.present ?? []));
        setMeeting(res.meeting ?? null);
        setStatus('joined');
      });
    };

    socket.on('connect', join);
    socket.on('connect_error', (err) => {
      if (!active) return;
      // The server refused us on purpose; socket.io will not retry, and neither do we.
      setStatus(refusalReason(err) === 'forbidden' ? 'forbidden' : 'unavailable');
    });
    socket.on('disconnect', () => active && setStatus('connecting'));
    socket.on('meeting:presence', (p) => {
      if (active && p.forumId === forumId) setPresent(dedupe(p.present));
    });
    socket.on('meeting:state', (m) => {
      if (active && m.forumId === forumId) setMeeting(m.status === 'RUNNING' ? m : null);
    });

    return () => {
      active = false;
      socketRef.current = null;
      socket.removeAllListeners();
      if (socket.connected) socket.emit('meeting:leave', { forumId }, () => {});
      socket.disconnect();
    };
  }, [forumId]);

  const itemId = meeting?.currentItemId ?? null;

  return (
    <section className="panel" aria-labelledby="meeting-title">
      <h2 id="meeting-title" className="panel__title">
        {t('meeting.title')}
      </h2>

      {status === 'connecting' && <p className="status-text">{t('meeting.connecting')}</p>}
      {status === 'unavailable' && (
        <p className="notice" role="status">
          {t('meeting.unavailable')}
        </p>
      )}
      {status === 'forbidden' && (
        <p className="alert alert--error" role="alert">
          {t('meeting.error.forbidden')}
        </p>
      )}

      {status === 'joined' && (
        <>
          {present.length === 0 ? (
            <p>{t('meeting.none')}</p>
          ) : (
            <ul className="people" data-testid="meeting-presence-list">
              {present.map((p) => (
                <li key={p.userId} className="people__item" data-testid="meeting-member">
                  <span className="dot" style={{ backgroundColor: safeColour(null, p.sector) }} aria-hidden="true" />
                  <span className="people__name">{p.name}</span>
                  <span className="people__meta">
                    {sectorLabel(t, p.sector)} · {roleLabel(t, p.role)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {meeting ? (
            <p className="current-item" aria-live="polite">
              {t('meeting.currentItem')}:{' '}
              <strong data-testid="current-item" data-item-id={itemId ?? ''}>
                {itemId ?? t('meeting.noItem')}
              </strong>
            </p>
          ) : (
            <p className="current-item status-text" data-testid="current-item" data-item-id="">
              {t('meeting.notRunning')}
            </p>
          )}
          {role === 'CHAIR' && meeting && <SetCurrentItem forumId={forumId} socketRef={socketRef} />}
        </>
      )}
    </section>
  );
}

function SetCurrentItem({ forumId, socketRef }: { forumId: string; socketRef: { current: RealtimeSocket | null } }) {
  const t = useT();
  const [itemId, setItemId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);

  const send = (value: string | null) => {
    const socket = socketRef.current;
    if (!socket || busy) return;
    setBusy(true);
    setError(null);
    socket.timeout(ACK_TIMEOUT_MS).emit('meeting:setCurrentItem', { forumId, itemId: value }, (err, res) => {
      if (socketRef.current !== socket) return; // unmounted meanwhile
      setBusy(false);
      if (err || !res?.ok) setError(errorKey(res?.error));
      else if (value === null) setItemId('');
    });
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = itemId.trim();
    if (value) send(value);
  };

  return (
    <form className="form form--inline" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="current-item-input">{t('meeting.itemInput')}</label>
        <input
          id="current-item-input"
          data-testid="current-item-input"
          value={itemId}
          maxLength={64}
          autoComplete="off"
          onChange={(e) => setItemId(e.target.value)}
          aria-describedby={error ? 'current-item-error' : undefined}
        />
      </div>
      <div className="form__actions">
        <button type="submit" className="button" data-testid="current-item-set" aria-disabled={busy}>
          {t('meeting.set')}
        </button>
        <button type="button" className="button button--secondary" aria-disabled={busy} onClick={() => send(null)}>
          {t('meeting.clear')}
        </button>
      </div>
      {error && (
        <p id="current-item-error" className="alert alert--error" role="alert">
          {t(error)}
        </p>
      )}
    </form>
  );
}
