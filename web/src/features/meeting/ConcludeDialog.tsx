/**
 * "Afslut sag": before a case leaves the agenda the chair records the
 * Børnelinealen level, the Signs of Safety scale, the outcome, and a follow-up
 * date with a responsible member, or a reason for none (concludeItemSchema).
 * VR4: the fields start from the case's latest version at another meeting
 * (else its latest assessment; when correcting, this meeting's own values),
 * and the dialog says what they were. Once the chair has tried to save, each
 * message goes as soon as its field is fixed.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AgendaItemView, ForumMember } from '../../../../shared/api.js';
import { LEVELS } from '../../../../shared/domain.js';
import { isValidIsoDate } from '../../../../shared/caseDoc.js';
import { Dialog } from '../../components/Dialog.js';
import { useI18n, useT, type MessageKey } from '../../i18n/index.js';
import { api, errorCode, type ConcludeInput } from '../../lib/api.js';
import { sectorLabel } from '../../lib/labels.js';
import { useLoad } from '../../lib/useLoad.js';
import { meetingDate } from '../versions/people.js';
import { useVersionsText } from '../versions/text.js';

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
        <ConcludeStart key={item.id} meetingId={meetingId} item={item} members={members} levelLabels={levelLabels} onClose={onClose} onDone={onDone} t={t} />
      )}
    </Dialog>
  );
}

type Field = 'level' | 'sos' | 'due' | 'responsible' | 'reason';
type Errors = Partial<Record<Field, MessageKey>>;

/** Where the fields start, and what the dialog says about it (VR4). */
interface Start {
  level: number;
  sosScale: number;
  /** The meeting's date (or the assessment's), as shown. */
  date: string;
}

type FormProps = Props & { item: AgendaItemView; t: ReturnType<typeof useT> };

/** Loads the case's versions, then shows the form starting from the latest one at another meeting. */
function ConcludeStart(props: FormProps) {
  const { item, meetingId, t } = props;
  const { lang } = useI18n();
  const versions = useLoad(() => api.versions.list(item.case.id), `conclude-versions-${item.id}`);
  if (versions.status === 'loading') {
    return (
      <>
        <h2 id="conclude-title">{t('conclude.title', { ref: item.case.reference })}</h2>
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      </>
    );
  }
  // Oldest first: the last one at another meeting is where the case stood last time.
  const last = versions.data?.versions.filter((v) => v.meetingId !== meetingId).at(-1);
  const previous: Start | null = last
    ? { level: last.level, sosScale: last.sosScale, date: meetingDate(lang, last.meetingStartsAt) }
    : item.previous
      ? { level: item.previous.level, sosScale: item.previous.sosScale, date: meetingDate(lang, item.previous.recordedAt) }
      : null;
  return <ConcludeForm {...props} previous={previous} />;
}

function validate(v: { level: number | null; sos: string; noFollowUp: boolean; reason: string; dueDate: string; responsible: string }): Errors {
  const errs: Errors = {};
  if (v.level === null) errs.level = 'conclude.err.level';
  const sosN = Number(v.sos);
  if (v.sos === '' || !Number.isInteger(sosN) || sosN < 0 || sosN > 10) errs.sos = 'conclude.err.sos';
  if (v.noFollowUp) {
    if (v.reason.trim().length < 3) errs.reason = 'conclude.err.reason';
  } else {
    if (!isValidIsoDate(v.dueDate)) errs.due = 'conclude.err.due';
    if (!v.responsible) errs.responsible = 'conclude.err.responsible';
  }
  return errs;
}

function ConcludeForm({ meetingId, item, members, levelLabels, onClose, onDone, t, previous }: FormProps & { previous: Start | null }) {
  const tv = useVersionsText();
  // Starts from this meeting's values if already concluded, else from the last meeting's (and says so).
  const start = item.level !== null && item.sosScale !== null ? { level: item.level, sosScale: item.sosScale } : previous;
  const [level, setLevel] = useState<number | null>(start?.level ?? null);
  const [sos, setSos] = useState<string>(start ? String(start.sosScale) : '');
  const [outcome, setOutcome] = useState(item.outcome ?? '');
  const [noFollowUp, setNoFollowUp] = useState(false);
  const [dueDate, setDueDate] = useState('');
  const [responsible, setResponsible] = useState('');
  const [reason, setReason] = useState(item.noFollowUpReason ?? '');
  // After the first attempt to save, the messages follow the fields: each goes as soon as its field is fixed.
  const [tried, setTried] = useState(false);
  const [formError, setFormError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const errors: Errors = tried ? validate({ level, sos, noFollowUp, reason, dueDate, responsible }) : {};
  // The dialog opened while the versions loaded, with nothing to focus: focus the first field now.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const form = formRef.current;
    const active = document.activeElement;
    if (form && (!active || active === document.body || active === form.closest('dialog'))) {
      form.querySelector<HTMLElement>('input:checked, input, select, textarea')?.focus();
    }
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const errs = validate({ level, sos, noFollowUp, reason, dueDate, responsible });
    setTried(true);
    setFormError(null);
    if (Object.keys(errs).length > 0) {
      const first = (['level', 'sos', 'due', 'responsible', 'reason'] as const).find((k) => k in errs);
      document.getElementById(`conclude-${first}`)?.focus();
      return;
    }
    const input: ConcludeInput = {
      level: level!,
      sosScale: Number(sos),
      ...(outcome.trim() ? { outcome: outcome.trim() } : {}),
      followUp: noFollowUp ? null : { dueDate, responsibleUserId: responsible },
      ...(noFollowUp ? { noFollowUpReason: reason.trim() } : {}),
    };
    setBusy(true);
    try {
      await api.conclude(meetingId, item.id, input);
      onDone();
    } catch (err) {
      setFormError(errorCode(err) === 'responsible_not_member' ? 'conclude.err.responsible' : `error.${errorCode(err)}`);
      setBusy(false);
    }
  };

  const err = (k: Field) =>
    errors[k] ? (
      <p id={`conclude-${k}-error`} className="field-error">
        {t(errors[k]!)}
      </p>
    ) : null;

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <h2 id="conclude-title">{t('conclude.title', { ref: item.case.reference })}</h2>
      {previous && (
        <p className="hint" data-testid="conclude-previous">
          {tv('concludePrevious', { level: previous.level, label: levelLabels[previous.level - 1] ?? '', sos: previous.sosScale, date: previous.date })}
        </p>
      )}
      {formError && (
        <p className="alert alert--error" role="alert">
          {t(formError)}
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
                aria-invalid={errors.level ? true : undefined}
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
                onChange={(e) => {
                  setResponsible(e.target.value);
                  if (formError === 'conclude.err.responsible') setFormError(null);
                }}
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
