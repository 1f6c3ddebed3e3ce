/** The duty to report (RD1-RD2): a personal reminder, my answer, and for the chair everyone's answers. */
import { useId, useState, type FormEvent } from 'react';
import type { ReportDutyView } from '../../../../shared/api.js';
import { REPORT_DUTY_ANSWERS, type ReportDutyAnswer } from '../../../../shared/domain.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { FieldError, FormMessage } from './fields.js';
import { api } from '../../lib/api.js';
import { codeOf } from './http.js';
import { errKey, usePrivacyText } from './text.js';

interface Props {
  caseId: string;
  duty: ReportDutyView;
  /** The case's latest Børnelinealen level, if the caller knows it. */
  latestLevel?: number | null;
  meLabel?: string;
  canAnswer: boolean;
  onChanged: () => void;
}

export function ReportDutySection({ caseId, duty, latestLevel, meLabel, canAnswer, onChanged }: Props) {
  const tx = usePrivacyText();
  const { lang } = useI18n();
  const id = useId();
  const mine = duty.myAnswer;
  const [answer, setAnswer] = useState<ReportDutyAnswer | null>(mine?.answer ?? null);
  const [reason, setReason] = useState(mine?.reason ?? '');
  const [errors, setErrors] = useState<{ answer?: string; reason?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy || !duty.meetingId) return;
    const e: typeof errors = {};
    if (!answer) e.answer = tx('dutyChooseAnswer');
    const r = reason.trim();
    if (answer === 'NOT_RELEVANT' && (r.length < 3 || r.length > 500)) e.reason = tx('dutyReasonRequired');
    else if (r && (r.length < 3 || r.length > 500)) e.reason = tx('dutyReasonRequired');
    setErrors(e);
    setStatus(null);
    if (Object.keys(e).length > 0 || !answer) return;
    setBusy(true);
    setError(null);
    try {
      await api.privacy.answerReportDuty(caseId, { meetingId: duty.meetingId, answer, ...(r ? { reason: r } : {}) });
      setStatus(tx('dutySaved'));
      onChanged();
    } catch (err) {
      setError(tx(errKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };

  const level = latestLevel ?? duty.threshold;
  const answerErrId = `${id}-answer-error`;
  const reasonErrId = `${id}-reason-error`;
  return (
    <section aria-labelledby={`${id}-h`} className="notice" data-testid="report-duty">
      <h3 id={`${id}-h`}>{tx('dutyHeading')}</h3>
      <p data-testid="report-duty-text">
        {tx(latestLevel != null ? 'dutyTextLevel' : 'dutyText', { level, threshold: duty.threshold })}
      </p>
      {mine && (
        <p data-testid="report-duty-mine" data-answer={mine.answer}>
          {tx('dutyMine', { answer: tx(`answer.${mine.answer}`), when: formatDateTime(lang, mine.answeredAt) })}
          {mine.reason && (
            <>
              <br />
              {tx('dutyMineReason', { reason: mine.reason })}
            </>
          )}
        </p>
      )}
      {!duty.meetingId && <p className="hint">{tx('dutyNoMeeting')}</p>}
      {canAnswer && duty.meetingId && (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate data-testid="report-duty-form">
          <fieldset className="fieldset" aria-describedby={errors.answer ? answerErrId : undefined}>
            <legend>{meLabel ? tx('dutyLegendMe', { me: meLabel }) : tx('dutyLegend')}</legend>
            {REPORT_DUTY_ANSWERS.map((a) => (
              <label key={a} className="checkbox">
                <input type="radio" name={`${id}-answer`} value={a} checked={answer === a} onChange={() => setAnswer(a)} aria-invalid={errors.answer ? true : undefined} data-testid={`report-duty-${a}`} />
                {tx(`answer.${a}`)}
              </label>
            ))}
            <FieldError id={answerErrId} error={errors.answer} />
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{tx('dutyReason')}</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              maxLength={500}
              value={reason}
              required={answer === 'NOT_RELEVANT'}
              autoComplete="off"
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={errors.reason ? reasonErrId : undefined}
              onChange={(e) => setReason(e.target.value)}
              data-testid="report-duty-reason"
            />
            <FieldError id={reasonErrId} error={errors.reason} />
          </div>
          <FormMessage error={error} status={status} />
          <div className="form__actions">
            <button type="submit" className="button" aria-disabled={busy} data-testid="report-duty-submit">
              {tx('dutySubmit')}
            </button>
          </div>
        </form>
      )}
      {duty.answers && (
        <>
          <h4>{tx('dutyAnswersHeading')}</h4>
          {duty.answers.length === 0 ? (
            <p>{tx('dutyNoAnswers')}</p>
          ) : (
            <table className="table table--compact" data-testid="report-duty-answers">
              <thead>
                <tr>
                  <th scope="col">{tx('col.name')}</th>
                  <th scope="col">{tx('col.answer')}</th>
                  <th scope="col">{tx('col.reason')}</th>
                  <th scope="col">{tx('col.answeredAt')}</th>
                </tr>
              </thead>
              <tbody>
                {duty.answers.map((a) => (
                  <tr key={a.userId} data-user-id={a.userId}>
                    <th scope="row">{a.name}</th>
                    <td>{tx(`answer.${a.answer}`)}</td>
                    <td>{a.reason ?? ''}</td>
                    <td>{formatDateTime(lang, a.answeredAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
