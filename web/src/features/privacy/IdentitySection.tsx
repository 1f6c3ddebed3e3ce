/**
 * The child's identifying fields (LB2-LB4, LB7): shown only while the legal basis names the child to this reader
 * (the server decides: a consent's sectors, never a guest); otherwise a short reason instead of the fields. The
 * panel refetches on `case:changed`, so a withdrawn or narrowed consent hides them without a reload (LB8).
 */
import { useId, useState, type FormEvent } from 'react';
import type { CaseIdentity, CasePrivacy } from '../../../../shared/api.js';
import type { LegalBasisKind } from '../../../../shared/domain.js';
import { FormMessage, TextField } from './fields.js';
import { api } from '../../lib/api.js';
import { usePrivacyText, type PrivacyKey } from './text.js';
import { useSend } from './useSend.js';

const FIELDS = ['childName', 'childCpr', 'childAddress', 'parentNames'] as const;
type FieldName = (typeof FIELDS)[number];

interface Props {
  caseId: string;
  identity: CaseIdentity | null;
  identityAllowed: boolean;
  /** Why the fields are not shown (CasePrivacy.identityWithheld). */
  withheld: CasePrivacy['identityWithheld'];
  basisKind: LegalBasisKind;
  canEdit: boolean;
  onChanged: () => void;
}

function withheldText(withheld: Props['withheld'], basisKind: LegalBasisKind): PrivacyKey {
  if (withheld === 'sector') return 'identityOutsideSector';
  if (withheld === 'guest') return 'identityGuest';
  return basisKind === 'CONSENT' ? 'identityHiddenConsent' : 'identityAnonymous';
}

export function IdentitySection({ caseId, identity, identityAllowed, withheld, basisKind, canEdit, onChanged }: Props) {
  const tx = usePrivacyText();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const formId = useId();
  return (
    <section aria-labelledby="privacy-identity-h" data-testid="identity-section">
      <h3 id="privacy-identity-h">{tx('identityHeading')}</h3>
      {!identityAllowed && (
        <p className="notice" data-testid="identity-not-allowed" data-reason={withheld ?? 'basis'}>
          {tx(withheldText(withheld, basisKind))}
        </p>
      )}
      {identityAllowed && identity && (
        <dl className="grid-2" data-testid="case-identity">
          {FIELDS.map((f) => (
            <div key={f}>
              <dt className="muted">{tx(`identity.${f}`)}</dt>
              <dd style={{ margin: 0 }} data-testid={`identity-${f}`}>
                {identity[f] ?? <span className="muted">{tx('identityEmpty')}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {identityAllowed && canEdit && (
        <>
          <p className="status-text" role="status">
            {saved && !editing ? tx('identitySaved') : ''}
          </p>
          <button
            type="button"
            className="button button--secondary"
            aria-expanded={editing}
            aria-controls={formId}
            onClick={() => {
              setSaved(false);
              setEditing((v) => !v);
            }}
            data-testid="identity-edit"
          >
            {tx('identityEdit')}
          </button>
          {editing && (
            <IdentityForm
              id={formId}
              caseId={caseId}
              initial={identity}
              onDone={() => {
                setEditing(false);
                setSaved(true);
                onChanged();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function IdentityForm({ id, caseId, initial, onDone }: { id: string; caseId: string; initial: CaseIdentity | null; onDone: () => void }) {
  const tx = usePrivacyText();
  const [values, setValues] = useState<Record<FieldName, string>>(() => ({
    childName: initial?.childName ?? '',
    childCpr: initial?.childCpr ?? '',
    childAddress: initial?.childAddress ?? '',
    parentNames: initial?.parentNames ?? '',
  }));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const { busy, error, send, invalid } = useSend();

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const e: Partial<Record<FieldName, string>> = {};
    for (const f of FIELDS) if (values[f].trim().length > 200) e[f] = tx('tooLong', { max: 200 });
    const cpr = values.childCpr.trim();
    if (cpr && !/^\d{6}-?\d{4}$/.test(cpr)) e.childCpr = tx('cprInvalid');
    setErrors(e);
    if (Object.keys(e).length > 0) return invalid();
    await send(async () => {
      const body = Object.fromEntries(FIELDS.map((f) => [f, values[f].trim() || null])) as Record<FieldName, string | null>;
      await api.privacy.setIdentity(caseId, body);
      onDone();
    });
  };

  const set = (f: FieldName) => (v: string) => setValues((s) => ({ ...s, [f]: v }));
  return (
    <form id={id} className="form form--card" onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? `${id}-error` : undefined} data-testid="identity-form">
      <TextField id={`${id}-childName`} label={tx('identity.childName')} value={values.childName} onChange={set('childName')} error={errors.childName} maxLength={200} testId="identity-input-childName" />
      <TextField id={`${id}-childCpr`} label={tx('identity.childCpr')} hint={tx('cprHint')} value={values.childCpr} onChange={set('childCpr')} error={errors.childCpr} maxLength={11} inputMode="numeric" testId="identity-input-childCpr" />
      <TextField id={`${id}-childAddress`} label={tx('identity.childAddress')} value={values.childAddress} onChange={set('childAddress')} error={errors.childAddress} maxLength={200} testId="identity-input-childAddress" />
      <TextField id={`${id}-parentNames`} label={tx('identity.parentNames')} value={values.parentNames} onChange={set('parentNames')} error={errors.parentNames} maxLength={200} testId="identity-input-parentNames" />
      <FormMessage id={`${id}-error`} error={error} />
      <div className="form__actions">
        <button type="submit" className="button" aria-disabled={busy} data-testid="identity-submit">
          {tx('identitySubmit')}
        </button>
      </div>
    </form>
  );
}
