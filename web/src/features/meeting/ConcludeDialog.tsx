/**
 * "Afslut sag": before a case leaves the agenda the chair records the
 * Børnelinealen level, the Signs of Safety scale, the outcome, and a follow-up
 * date with a responsible member, or a reason for none (concludeItemSchema).
 */
import { useState, type FormEvent } from 'react';
import type { AgendaItemView, ForumMember } from '../../../../shared/api.js';
import { LEVELS } from '../../../../shared/domain.js';
import { isValidIsoDate } from '../../../../shared/caseDoc.js';
import { Dialog } from '../../components/Dialog.js';
import { useI18n, useT, type MessageKey } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { api, errorCode, type ConcludeInput } from '../../lib/api.js';
import { sectorLabel } from '../../lib/labels.js';

interface Props {
  meetingId: string;
  item: AgendaItemView | null;
  members: ForumMember[];
  levelLabels: string[];
  onClose: () => void;
  onDone: () => void;
}

export function ConcludeDialog({ meetingId, item, members, levelLabels, onClose, onDone }: Props) {
  const t = useT();
  return (
    <Dialog open={item !== null} onClose={onClose} labelledBy="conclude-title" testId="conclude-dialog">
      {item && (
        <ConcludeForm key={item.id} meetingId={meetingId} item={item} members={members} levelLabels={levelLabels} onClose={onClose} onDone={onDone} t={t} />
      )}
    </Dialog>
  );
}

type Errors = Partial<Record<'level' | 'sos' | 'due' | 'responsible' | 'reason' | 'form', MessageKey>>;

function ConcludeForm({ meetingId, item, members, levelLabels, onClose, onDone, t }: Props & { item: AgendaItemView; t: ReturnType<typeof useT> }) {
  const { lang } = useI18n();
  // Starts from this meeting's values if already concluded, else from the last meeting's (and says so).
  const start = item.level !== null && item.sosScale !== null ? { level: item.level, sosScale: item.sosScale } : item.previous;
  const [level, setLevel] = useState<number | null>(start?.level ?? null);
  const [sos, setSos] = useState<string>(start ? String(start.sosScale) : '');
  const [outcome, setOutcome] = useState(item.outcome ?? '');
  const [noFollowUp, setNoFollowUp] = useState(false);
  const [dueDate, setDueDate] = useState('');
  const [responsible, setResponsible] = useState('');
  const [reason, setReason] = useState(item.noFollowUpReason ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const errs: Errors = {};
    if (level === null) errs.level = 'conclude.err.level';
    const sosN = Number(sos);
    if (sos === '' || !Number.isInteger(sosN) || sosN < 0 || sosN > 10) errs.sos = 'conclude.err.sos';
    if (noFollowUp) {
      if (reason.trim().length < 3) errs.reason = 'conclude.err.reason';
    } else {
      if (!isValidIsoDate(dueDate)) errs.due = 'conclude.err.due';
      if (!responsible) errs.responsible = 'conclude.err.responsible';
    }
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      const first = ['level', 'sos', 'due', 'responsible', 'reason'].find((k) => k in errs);
      document.getElementById(`conclude-${first}`)?.focus();
      return;
    }
    const input: ConcludeInput = {
      level: level!,
      sosScale: sosN,
      ...(outcome.trim() ? { outcome: outcome.trim() } : {}),
      followUp: noFollowUp ? null : { dueDate, responsibleUserId: responsible },
      ...(noFollowUp ? { noFollowUpReason: reason.trim() } : {}),
    };
    setBusy(true);
    try {
      await api.conclude(meetingId, item.id, input);
      onDone();
    } catch (err) {
      setErrors({ form: errorCode(err) === 'responsible_not_member' ? 'conclude.err.responsible' : 'app.actionError' });
      setBusy(false);
    }
  };

  const err = (k: keyof Errors) =>
    errors[k] ? (
      <p id={`conclude-${k}-error`} className="field-error">
        {t(errors[k]!)}
      </p>
    ) : null;

  return (
    <form className="form" onSubmit={submit} noValidate>
      <h2 id="conclude-title">{t('conclude.title', { ref: item.case.reference })}</h2>
      {item.previous && (
        <p className="hint" data-testid="conclude-previous">
          {t('conclude.previous', { date: formatDateTime(lang, item.previous.recordedAt), level: item.previous.level, sos: item.previous.sosScale })}
        </p>
      )}
      {errors.form && (
        <p className="alert alert--error" role="alert">
          {t(errors.form)}
        </p>
      )}
      <fieldset className="fieldset" aria-describedby={errors.level ? 'conclude-level-error' : undefined}>
        <legend>{t('conclude.level')}</legend>
        <div className="radio-scale">
          {LEVELS.map((l, i) => (
            <label key={l} className={`radio-card level-border--${l}`}>
              <input
                type="radio"
                name="level"
                value={l}
                id={i === 0 ? 'conclude-level' : undefined}
                checked={level === l}
                onChange={() => setLevel(l)}
                data-testid={`conclude-level-${l}`}
              />
              <span>
                <strong>{l}</strong> {levelLabels[l - 1] ?? ''}
              </span>
            </label>
          ))}
        </div>
        {err('level')}
      </fieldset>
      <div className="field">
        <label htmlFor="conclude-sos">{t('conclude.sos')}</label>
        <select
          id="conclude-sos"
          data-testid="conclude-sos"
          value={sos}
          aria-invalid={errors.sos ? true : undefined}
          aria-describedby={`conclude-sos-hint${errors.sos ? ' conclude-sos-error' : ''}`}
          onChange={(e) => setSos(e.target.value)}
        >
          <option value="">{t('conclude.choose')}</option>
          {Array.from({ length: 11 }, (_, n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <p id="conclude-sos-hint" className="hint">
          {t('conclude.sosHint')}
        </p>
        {err('sos')}
      </div>
      <div className="field">
        <label htmlFor="conclude-outcome">{t('conclude.outcome')}</label>
        <textarea id="conclude-outcome" data-testid="conclude-outcome" rows={3} maxLength={2000} value={outcome} onChange={(e) => setOutcome(e.target.value)} />
      </div>
      <fieldset className="fieldset">
        <legend>{t('conclude.followUp')}</legend>
        <label className="checkbox">
          <input type="checkbox" checked={noFollowUp} data-testid="conclude-no-followup" onChange={(e) => setNoFollowUp(e.target.checked)} />
          {t('conclude.noFollowUp')}
        </label>
        {!noFollowUp ? (
          <div className="grid-2">
            <div className="field">
              <label htmlFor="conclude-due">{t('conclude.dueDate')}</label>
              <input
                id="conclude-due"
                type="date"
                data-testid="conclude-due"
                value={dueDate}
                aria-invalid={errors.due ? true : undefined}
                aria-describedby={errors.due ? 'conclude-due-error' : undefined}
                onChange={(e) => setDueDate(e.target.value)}
              />
              {err('due')}
            </div>
            <div className="field">
              <label htmlFor="conclude-responsible">{t('conclude.responsible')}</label>
              <select
                id="conclude-responsible"
                data-testid="conclude-responsible"
                value={responsible}
                aria-invalid={errors.responsible ? true : undefined}
                aria-describedby={errors.responsible ? 'conclude-responsible-error' : undefined}
                onChange={(e) => setResponsible(e.target.value)}
              >
                <option value="">{t('conclude.choose')}</option>
                {members
                  .filter((m) => m.role !== 'GUEST')
                  .map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.name} ({sectorLabel(t, m.sector)})
                    </option>
                  ))}
              </select>
              {err('responsible')}
            </div>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="conclude-reason">{t('conclude.reason')}</label>
            <textarea
              id="conclude-reason"
              data-testid="conclude-reason"
              rows={2}
              maxLength={500}
              required
              value={reason}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? 'conclude-reason-error' : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            {err('reason')}
          </div>
        )}
      </fieldset>
      <div className="form__actions">
        <button type="submit" className="button" data-testid="conclude-submit" aria-disabled={busy}>
          {t('conclude.submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
