/** The legal basis in force (LB1-LB6), and for the chair the forms to change it and to withdraw consent. */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { LegalBasisView } from '../../../../shared/api.js';
import { basisAllowedIn, LEGAL_BASES, SECTORS, SSD_EXCHANGE_MAX_MEETINGS, type ForumType, type LegalBasisKind, type Sector } from '../../../../shared/domain.js';
import { useI18n, useT } from '../../i18n/index.js';
import { formatDateTime, formatDay, todayInCopenhagen } from '../../lib/format.js';
import { sectorLabel } from '../../lib/labels.js';
import { FieldError, FormMessage, TextField, isIsoDate } from './fields.js';
import { api } from '../../lib/api.js';
import { usePrivacyText, type PrivacyKey } from './text.js';
import { useSend } from './useSend.js';

interface Props {
  caseId: string;
  forumType: ForumType;
  basis: LegalBasisView;
  sspNotice: boolean;
  /** Chair and the case is open. */
  canManage: boolean;
  onChanged: () => void;
}

export function BasisSection({ caseId, forumType, basis, sspNotice, canManage, onChanged }: Props) {
  const tx = usePrivacyText();
  const { lang } = useI18n();
  const t = useT();
  const c = basis.consent;
  const consentStatus: PrivacyKey | null = c ? (c.withdrawnOn ? 'consent.withdrawn' : c.valid ? 'consent.valid' : 'consent.expired') : null;
  return (
    <section aria-labelledby="privacy-basis-h" data-testid="legal-basis" data-kind={basis.kind}>
      <h3 id="privacy-basis-h">{tx('basisHeading')}</h3>
      <p>
        <strong data-testid="legal-basis-kind">{tx(`kind.${basis.kind}`)}</strong>
        <br />
        <span className="muted">
          {basis.setByName
            ? tx('basisSetBy', { name: basis.setByName, when: formatDateTime(lang, basis.setAt) })
            : tx('basisSetAt', { when: formatDateTime(lang, basis.setAt) })}
        </span>
      </p>
      {sspNotice && (
        <p className="notice" data-testid="ssp-notice">
          <strong>{tx('sspNotice')}</strong>
        </p>
      )}
      {basis.ssdMeetingsUsed !== null && (
        <p data-testid="ssd-meetings-used">
          {tx('ssdUsed', { used: basis.ssdMeetingsUsed, max: SSD_EXCHANGE_MAX_MEETINGS })}
          {basis.ssdMeetingsUsed >= SSD_EXCHANGE_MAX_MEETINGS && <span className="hint"> {tx('ssdExhausted')}</span>}
        </p>
      )}
      {c && consentStatus && (
        <dl className="grid-2" data-testid="consent-details" data-valid={c.valid}>
          <Item label={tx('consent.status')}>
            <span className={c.valid ? 'tag tag--ok' : 'tag tag--danger'} data-testid="consent-status">
              {tx(consentStatus)}
            </span>
          </Item>
          <Item label={tx('consent.givenBy')}>{c.givenBy}</Item>
          <Item label={tx('consent.scope')}>{c.scope}</Item>
          <Item label={tx('consent.sectors')}>{c.sectors.map((s) => sectorLabel(t, s)).join(', ')}</Item>
          <Item label={tx('consent.purpose')}>{c.purpose}</Item>
          <Item label={tx('consent.givenOn')}>{formatDay(lang, c.givenOn)}</Item>
          <Item label={tx('consent.validUntil')}>{formatDay(lang, c.validUntil)}</Item>
          {c.withdrawnOn && <Item label={tx('consent.withdrawnOn')}>{formatDay(lang, c.withdrawnOn)}</Item>}
        </dl>
      )}
      {canManage && c && !c.withdrawnOn && <WithdrawConsent caseId={caseId} onDone={onChanged} />}
      {canManage && <SetBasisForm caseId={caseId} forumType={forumType} current={basis.kind} onDone={onChanged} />}
    </section>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="muted">{label}</dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </div>
  );
}

type Errors = Partial<Record<'givenBy' | 'scope' | 'purpose' | 'sectors' | 'givenOn' | 'validUntil', string>>;

function SetBasisForm({ caseId, forumType, current, onDone }: { caseId: string; forumType: ForumType; current: LegalBasisKind; onDone: () => void }) {
  const tx = usePrivacyText();
  const t = useT();
  const id = useId();
  const kinds = LEGAL_BASES.filter((k) => basisAllowedIn(k, forumType));
  const [kind, setKind] = useState<LegalBasisKind>(current);
  const [givenBy, setGivenBy] = useState('');
  const [scope, setScope] = useState('');
  const [purpose, setPurpose] = useState('');
  const [sectors, setSectors] = useState<Sector[]>([]);
  const [givenOn, setGivenOn] = useState(todayInCopenhagen());
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<string | null>(null);
  const { busy, error, send, invalid } = useSend();

  const validate = (): Errors => {
    if (kind !== 'CONSENT') return {};
    const e: Errors = {};
    const len = (v: string, max: number) => v.trim().length >= 3 && v.trim().length <= max;
    if (!len(givenBy, 200)) e.givenBy = tx('required');
    if (!len(scope, 1000)) e.scope = tx('required');
    if (!len(purpose, 500)) e.purpose = tx('required');
    if (sectors.length === 0) e.sectors = tx('sectorsRequired');
    if (!isIsoDate(givenOn)) e.givenOn = tx('dateRequired');
    if (!isIsoDate(validUntil)) e.validUntil = tx('dateRequired');
    else if (isIsoDate(givenOn) && validUntil < givenOn) e.validUntil = tx('dateOrder');
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const e = validate();
    setErrors(e);
    setStatus(null);
    if (Object.keys(e).length > 0) return invalid();
    await send(async () => {
      const body =
        kind === 'CONSENT'
          ? { kind, consent: { givenBy: givenBy.trim(), scope: scope.trim(), purpose: purpose.trim(), sectors, givenOn, validUntil } }
          : { kind };
      await api.privacy.setBasis(caseId, body);
      setStatus(tx('setBasisSaved'));
      onDone();
    });
  };

  const toggleSector = (s: Sector, on: boolean) => setSectors((list) => (on ? [...list, s] : list.filter((x) => x !== s)));
  const errId = `${id}-form-error`;

  return (
    <form className="form form--card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-h`} aria-describedby={error ? errId : undefined} data-testid="set-basis-form">
      <h4 id={`${id}-h`}>{tx('setBasisHeading')}</h4>
      <p className="hint">{tx('setBasisIntro')}</p>
      <fieldset className="fieldset">
        <legend>{tx('setBasisLegend')}</legend>
        {kinds.map((k) => (
          <label key={k} className="checkbox">
            <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`basis-kind-${k}`} />
            {tx(`kind.${k}`)}
          </label>
        ))}
        {kinds.length < LEGAL_BASES.length && <p className="hint">{tx('sspOnlyInSsp')}</p>}
      </fieldset>
      {kind === 'CONSENT' && (
        <>
          <TextField id={`${id}-givenBy`} label={tx('consent.givenBy')} hint={tx('consent.givenByHint')} value={givenBy} onChange={setGivenBy} error={errors.givenBy} maxLength={200} required testId="consent-given-by" />
          <TextField id={`${id}-scope`} label={tx('consent.scope')} value={scope} onChange={setScope} error={errors.scope} maxLength={1000} multiline required testId="consent-scope" />
          <fieldset className="fieldset" aria-describedby={errors.sectors ? `${id}-sectors-hint ${id}-sectors-error` : `${id}-sectors-hint`} aria-invalid={errors.sectors ? true : undefined}>
            <legend>{tx('consent.sectors')} *</legend>
            <p className="hint" id={`${id}-sectors-hint`}>
              {tx('consent.sectorsHint')}
            </p>
            <div className="checkbox-grid">
              {SECTORS.map((s) => (
                <label key={s} className="checkbox">
                  <input type="checkbox" checked={sectors.includes(s)} onChange={(e) => toggleSector(s, e.target.checked)} data-testid={`consent-sector-${s}`} />
                  {sectorLabel(t, s)}
                </label>
              ))}
            </div>
            <FieldError id={`${id}-sectors-error`} error={errors.sectors} />
          </fieldset>
          <TextField id={`${id}-purpose`} label={tx('consent.purpose')} value={purpose} onChange={setPurpose} error={errors.purpose} maxLength={500} multiline required testId="consent-purpose" />
          <div className="grid-2">
            <TextField id={`${id}-givenOn`} type="date" label={tx('consent.givenOn')} value={givenOn} onChange={setGivenOn} error={errors.givenOn} required testId="consent-given-on" />
            <TextField id={`${id}-validUntil`} type="date" label={tx('consent.validUntil')} value={validUntil} onChange={setValidUntil} error={errors.validUntil} required testId="consent-valid-until" />
          </div>
        </>
      )}
      <FormMessage id={errId} error={error} status={status} />
      <div className="form__actions">
        <button type="submit" className="button" aria-disabled={busy} data-testid="set-basis-submit">
          {tx('setBasisSubmit')}
        </button>
      </div>
    </form>
  );
}

function WithdrawConsent({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const tx = usePrivacyText();
  const id = useId();
  const [date, setDate] = useState(todayInCopenhagen());
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const { busy, error, send } = useSend();

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    if (!isIsoDate(date)) {
      setFieldError(tx('dateRequired'));
      return;
    }
    if (date > todayInCopenhagen()) {
      setFieldError(tx('err.withdrawal_in_future'));
      return;
    }
    setFieldError(null);
    await send(async () => {
      await api.privacy.withdrawConsent(caseId, date);
      setStatus(tx('withdrawDone'));
      onDone();
    });
  };

  return (
    <form className="form form--card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-h`} data-testid="withdraw-consent-form">
      <h4 id={`${id}-h`}>{tx('withdrawHeading')}</h4>
      <div className="form--row">
        <TextField id={`${id}-date`} type="date" label={tx('withdrawDate')} value={date} onChange={setDate} error={fieldError} required />
        <button type="submit" className="button button--secondary" aria-disabled={busy} data-testid="withdraw-consent-submit">
          {tx('withdrawSubmit')}
        </button>
      </div>
      <FormMessage error={error} status={status} />
    </form>
  );
}
