/** Before the meeting: the chair builds the agenda (add, time box, order, remove), invites participants and starts it. */
import { useEffect, useState, type FormEvent } from 'react';
import type { CaseSummary, ForumMember, MeetingDetail } from '../../../../shared/api.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { api, errorCode, type ApiErrorCode } from '../../lib/api.js';
import { sectorLabel } from '../../lib/labels.js';
import { casePath, Link } from '../../lib/router.js';
import { useLoad } from '../../lib/useLoad.js';

/** This page's own words for some refusals; every other code has its text of i18n/errors.ts. */
const ERRORS: Partial<Record<ApiErrorCode, MessageKey>> = {
  another_meeting_running: 'prep.err.anotherRunning',
  case_already_on_agenda: 'prep.err.onAgenda',
  case_closed: 'prep.err.caseClosed',
};

export function MeetingPrep({ meeting, members, onChanged }: { meeting: MeetingDetail; members: ForumMember[]; onChanged: () => void }) {
  const t = useI18n().t;
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const agenda = [...meeting.agenda].sort((a, b) => a.position - b.position);

  const run = async (action: () => Promise<unknown>, done?: string) => {
    if (busy) return false;
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
      if (done) setStatus(done);
      return true;
    } catch (err) {
      setError(ERRORS[errorCode(err)] ?? `error.${errorCode(err)}`);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const move = (index: number, delta: number) => {
    const ids = agenda.map((a) => a.id);
    const to = index + delta;
    if (to < 0 || to >= ids.length) return;
    [ids[index], ids[to]] = [ids[to]!, ids[index]!];
    const id = agenda[index]!.id;
    void run(() => api.reorderAgenda(meeting.id, ids), t('prep.moved', { ref: agenda[index]!.case.reference, n: to + 1 })).then(() => {
      // Keep focus on the moved item's button (or its other button at an edge).
      requestAnimationFrame(() => {
        const dir = to === 0 ? 'down' : to === ids.length - 1 ? 'up' : delta < 0 ? 'up' : 'down';
        document.getElementById(`agenda-${dir}-${id}`)?.focus();
      });
    });
  };

  return (
    <div className="prep">
      {error && (
        <p className="alert alert--error" role="alert">
          {t(error)}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {status}
      </p>
      <section aria-labelledby="prep-agenda">
        <h2 id="prep-agenda">{t('meeting.agenda')}</h2>
        {agenda.length === 0 && <p>{t('meeting.noAgenda')}</p>}
        <ol className="agenda" data-testid="prep-agenda">
          {agenda.map((a, i) => (
            <li key={a.id} className="agenda__item" data-testid="agenda-item" data-item-id={a.id}>
              <span className="agenda__ref">
                <Link href={casePath(a.case.id)}>{t('case.refLabel', { ref: a.case.reference })}</Link>
              </span>
              <span className="agenda__desc">{a.case.description}</span>
              {meeting.isChair ? (
                <span className="agenda__tools">
                  <TimeboxInput meetingId={meeting.id} itemId={a.id} value={a.timeboxMinutes} reference={a.case.reference} onSaved={onChanged} />
                  <button
                    type="button"
                    id={`agenda-up-${a.id}`}
                    className="icon-button"
                    disabled={i === 0}
                    aria-label={t('prep.moveUp', { ref: a.case.reference })}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    id={`agenda-down-${a.id}`}
                    className="icon-button"
                    disabled={i === agenda.length - 1}
                    aria-label={t('prep.moveDown', { ref: a.case.reference })}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button--danger"
                    aria-label={t('prep.remove', { ref: a.case.reference })}
                    onClick={() => void run(() => api.removeAgendaItem(meeting.id, a.id), t('prep.removed', { ref: a.case.reference }))}
                  >
                    ✕
                  </button>
                </span>
              ) : (
                <span className="muted">{t('meeting.minutes', { n: a.timeboxMinutes })}</span>
              )}
            </li>
          ))}
        </ol>
        {meeting.isChair && <AddToAgenda meeting={meeting} onAdd={(caseId, minutes) => run(() => api.addAgendaItem(meeting.id, caseId, minutes))} />}
      </section>

      {meeting.isChair ? (
        <ParticipantsForm meeting={meeting} members={members} onSave={(ids, guests) => run(() => api.setParticipants(meeting.id, ids, guests), t('prep.saved'))} />
      ) : (
        meeting.participants.length > 0 && (
          <section aria-labelledby="prep-participants">
            <h2 id="prep-participants">{t('meeting.participants')}</h2>
            <ul className="plain-list">
              {meeting.participants.map((p, i) => (
                <li key={p.userId ?? `g${i}`}>{p.userId ? p.name : p.guestLabel}</li>
              ))}
            </ul>
          </section>
        )
      )}

      {meeting.isChair && (
        <div className="form__actions prep__start">
          <button type="button" className="button" data-testid="start-meeting" aria-disabled={busy} onClick={() => void run(() => api.start(meeting.id))}>
            {t('prep.start')}
          </button>
        </div>
      )}
    </div>
  );
}

function TimeboxInput({ meetingId, itemId, value, reference, onSaved }: { meetingId: string; itemId: string; value: number; reference: string; onSaved: () => void }) {
  const t = useI18n().t;
  const [v, setV] = useState(String(value));
  useEffect(() => setV(String(value)), [value]);
  const save = () => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 240 || n === value) return setV(String(value));
    api.updateAgendaItem(meetingId, itemId, { timeboxMinutes: n }).then(onSaved, () => setV(String(value)));
  };
  return (
    <span className="timebox">
      <label htmlFor={`timebox-${itemId}`} className="visually-hidden">
        {t('prep.timeboxFor', { ref: reference })}
      </label>
      <input
        id={`timebox-${itemId}`}
        type="number"
        min={1}
        max={240}
        inputMode="numeric"
        value={v}
        onChange={(e) => setV(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => e.key === 'Enter' && save()}
      />
      <span aria-hidden="true"> {t('prep.min')}</span>
    </span>
  );
}

function AddToAgenda({ meeting, onAdd }: { meeting: MeetingDetail; onAdd: (caseId: string, minutes: number) => Promise<boolean> }) {
  const t = useI18n().t;
  const cases = useLoad(() => api.cases(meeting.forumId), `cases-${meeting.forumId}`);
  const [caseId, setCaseId] = useState('');
  const [minutes, setMinutes] = useState('15');
  const onAgenda = new Set(meeting.agenda.map((a) => a.case.id));
  const open: CaseSummary[] = (cases.data ?? []).filter((c) => c.status === 'OPEN' && !onAgenda.has(c.id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(minutes);
    if (!caseId || !Number.isInteger(n) || n < 1 || n > 240) return;
    if (await onAdd(caseId, n)) setCaseId('');
  };

  return (
    <form className="form form--card form--row" onSubmit={submit} data-testid="add-agenda">
      <div className="field">
        <label htmlFor="add-case">{t('prep.addCase')}</label>
        <select id="add-case" data-testid="add-agenda-case" value={caseId} onChange={(e) => setCaseId(e.target.value)}>
          <option value="">{open.length === 0 ? t('prep.noOpenCases') : t('conclude.choose')}</option>
          {open.map((c) => (
            <option key={c.id} value={c.id}>
              {c.reference} – {c.description}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--narrow">
        <label htmlFor="add-timebox">{t('prep.timebox')}</label>
        <input id="add-timebox" type="number" min={1} max={240} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
      </div>
      <div>
        <button type="submit" className="button" data-testid="add-agenda-submit">
          {t('prep.add')}
        </button>
      </div>
    </form>
  );
}

function ParticipantsForm({ meeting, members, onSave }: { meeting: MeetingDetail; members: ForumMember[]; onSave: (ids: string[], guests: string[]) => Promise<boolean> }) {
  const t = useI18n().t;
  const [selected, setSelected] = useState<Set<string>>(() => new Set(meeting.participants.flatMap((p) => (p.userId ? [p.userId] : []))));
  const [guests, setGuests] = useState<string[]>(() => meeting.participants.flatMap((p) => (p.guestLabel ? [p.guestLabel] : [])));
  const [guest, setGuest] = useState('');

  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const addGuest = (label: string) => {
    const l = label.trim().slice(0, 60);
    if (l && guests.length < 20) setGuests((g) => [...g, l]);
    setGuest('');
  };

  return (
    <section aria-labelledby="prep-participants">
      <h2 id="prep-participants">{t('meeting.participants')}</h2>
      <fieldset className="fieldset">
        <legend>{t('prep.members')}</legend>
        <div className="checkbox-grid">
          {members.map((m) => (
            <label key={m.userId} className="checkbox">
              <input type="checkbox" checked={selected.has(m.userId)} onChange={() => toggle(m.userId)} />
              {m.name} <span className="muted">({sectorLabel(t, m.sector)})</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('prep.guests')}</legend>
        <p className="hint" id="guest-hint">
          {t('prep.guestHint')}
        </p>
        {guests.length > 0 && (
          <ul className="chip-list">
            {guests.map((g, i) => (
              <li key={`${g}-${i}`} className="chip">
                {g}
                <button type="button" className="chip__remove" aria-label={t('prep.removeGuest', { label: g })} onClick={() => setGuests((l) => l.filter((_, j) => j !== i))}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="inline">
          {['Mor', 'Far', 'Barnet'].map((l) => (
            <button key={l} type="button" className="button button--secondary button--small" onClick={() => addGuest(l)}>
              + {l}
            </button>
          ))}
        </div>
        <div className="inline">
          <div className="field">
            <label htmlFor="guest-label">{t('prep.guestLabel')}</label>
            <input
              id="guest-label"
              value={guest}
              maxLength={60}
              aria-describedby="guest-hint"
              onChange={(e) => setGuest(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addGuest(guest);
                }
              }}
            />
          </div>
          <button type="button" className="button button--secondary" onClick={() => addGuest(guest)}>
            {t('prep.addGuest')}
          </button>
        </div>
      </fieldset>
      <button type="button" className="button button--secondary" data-testid="save-participants" onClick={() => void onSave([...selected], guests)}>
        {t('prep.saveParticipants')}
      </button>
    </section>
  );
}
