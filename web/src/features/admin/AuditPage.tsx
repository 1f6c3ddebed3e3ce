/**
 * /admin/log: search the audit log (AU3) by employee, case id, action and
 * period; newest first, paged with `before` = the previous page's `nextBefore`.
 * The search itself is logged by the server.
 */
import { useId, useState, type FormEvent } from 'react';
import type { AuditActionName, AuditPageView } from '../../../../shared/schemas/audit.js';
import { api, type AuditQuery } from '../../lib/api.js';
import { usePageTitle } from '../../app/AppShell.js';
import { useI18n } from '../../i18n/index.js';
import { copenhagenOffset, formatDateTime } from '../../lib/format.js';
import { useLoad } from '../../lib/useLoad.js';
import { AccessRequestDownload } from '../privacy/AccessRequestDownload.js';
import { FormMessage, TextField, isIsoDate } from '../privacy/fields.js';
import { codeOf, statusOf } from '../privacy/http.js';
import { actionLabel, purposeLabel, usePrivacyText } from '../privacy/text.js';
import { LoadState, NoAccess } from './common.js';
import { adminErrKey, useAdminText } from './text.js';

// The actions in the order the filter lists them (a copy of AUDIT_ACTIONS, whose module would bring zod into this page).
const ACTIONS = ['READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'SEARCH', 'LOGIN', 'LOGIN_FAILED', 'DENIED'] as const satisfies readonly AuditActionName[];

/** A Copenhagen calendar day as the instant it starts ("2026-03-29T00:00:00+01:00"). */
const dayStart = (day: string) => `${day}T00:00:00${copenhagenOffset(day, '00:00')}`;
const nextDay = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function AuditPage() {
  const tx = useAdminText();
  const ptx = usePrivacyText();
  const { lang } = useI18n();
  const id = useId();
  usePageTitle(tx('auditTitle'));
  const users = useLoad(() => api.admin.users(), 'admin-audit-users');
  const [userId, setUserId] = useState('');
  const [caseId, setCaseId] = useState('');
  const [action, setAction] = useState<AuditActionName | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [errors, setErrors] = useState<{ caseId?: string; to?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [forbidden, setForbidden] = useState(false);
  const [query, setQuery] = useState<AuditQuery | null>(null);
  const [result, setResult] = useState<AuditPageView | null>(null);
  const [withNames, setWithNames] = useState(false);

  const fetchPage = async (q: AuditQuery, before: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await api.admin.audit(before ? { ...q, before } : q);
      setResult((prev) => (before && prev ? { entries: [...prev.entries, ...page.entries], nextBefore: page.nextBefore } : page));
    } catch (err) {
      if (statusOf(err) === 403) setForbidden(true);
      setError(tx(adminErrKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const v: typeof errors = {};
    const c = caseId.trim();
    if (c && !/^[A-Za-z0-9_-]{1,64}$/.test(c)) v.caseId = tx('caseIdInvalid');
    if (from && to && isIsoDate(from) && isIsoDate(to) && to < from) v.to = tx('dateOrder');
    setErrors(v);
    if (Object.keys(v).length > 0) return;
    const q: AuditQuery = {
      limit: 50,
      userId: userId || undefined,
      caseId: c || undefined,
      action: action || undefined,
      from: isIsoDate(from) ? dayStart(from) : undefined,
      to: isIsoDate(to) ? dayStart(nextDay(to)) : undefined,
    };
    setQuery(q);
    setResult(null);
    void fetchPage(q, null);
  };

  if (forbidden || users.error?.status === 403)
    return (
      <div className="page">
        <h1>{tx('auditTitle')}</h1>
        <NoAccess />
      </div>
    );

  const searchedCase = query?.caseId ?? null;
  return (
    <div className="page" data-testid="audit-page">
      <h1>{tx('auditTitle')}</h1>
      <p>{tx('auditIntro')}</p>
      <p className="notice" data-testid="audit-logged-notice">
        {tx('auditLogged')}
      </p>
      {!users.data && users.status === 'loading' ? (
        <LoadState status={users.status} reload={users.reload} />
      ) : (
        <form className="form form--card" onSubmit={submit} noValidate aria-describedby={error ? `${id}-error` : undefined} data-testid="audit-search-form">
          <fieldset className="fieldset">
            <legend>{tx('searchLegend')}</legend>
            <div className="grid-3">
              <div className="field">
                <label htmlFor={`${id}-user`}>{tx('user')}</label>
                <select id={`${id}-user`} value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="audit-user">
                  <option value="">{tx('allUsers')}</option>
                  {(users.data ?? []).map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              </div>
              <TextField id={`${id}-case`} label={tx('caseId')} hint={tx('caseIdHint')} value={caseId} onChange={setCaseId} error={errors.caseId} maxLength={64} testId="audit-case" />
              <div className="field">
                <label htmlFor={`${id}-action`}>{tx('action')}</label>
                <select id={`${id}-action`} value={action} onChange={(e) => setAction(e.target.value as AuditActionName | '')} data-testid="audit-action">
                  <option value="">{tx('allActions')}</option>
                  {ACTIONS.map((a) => (
                    <option key={a} value={a}>
                      {actionLabel(ptx, a)}
                    </option>
                  ))}
                </select>
              </div>
              <TextField id={`${id}-from`} type="date" label={tx('from')} value={from} onChange={setFrom} testId="audit-from" />
              <TextField id={`${id}-to`} type="date" label={tx('to')} value={to} onChange={setTo} error={errors.to} testId="audit-to" />
            </div>
          </fieldset>
          <FormMessage id={`${id}-error`} error={error} status={busy ? tx('searching') : result ? tx('results', { count: result.entries.length }) : null} />
          <div className="form__actions">
            <button type="submit" className="button" aria-disabled={busy} data-testid="audit-search">
              {tx('search')}
            </button>
          </div>
        </form>
      )}
      {result && result.entries.length === 0 && <p>{tx('noResults')}</p>}
      {result && result.entries.length > 0 && (
        <>
          <table className="table table--compact" data-testid="audit-results">
            <caption className="visually-hidden">{tx('auditCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tx('col.at')}</th>
                <th scope="col">{tx('col.user')}</th>
                <th scope="col">{tx('col.action')}</th>
                <th scope="col">{tx('col.case')}</th>
                <th scope="col">{tx('col.purpose')}</th>
                <th scope="col">{tx('col.criterion')}</th>
                <th scope="col">{tx('col.address')}</th>
              </tr>
            </thead>
            <tbody>
              {result.entries.map((e) => (
                <tr key={e.id} data-entry-id={e.id} data-action={e.action}>
                  <td>{formatDateTime(lang, e.at)}</td>
                  <td>{e.userName ?? (e.userId ? e.userId : tx('unknownUser'))}</td>
                  <td>{actionLabel(ptx, e.action)}</td>
                  <td>{e.caseReference ?? e.caseId ?? ''}</td>
                  <td>{purposeLabel(lang, e.purpose)}</td>
                  <td>{e.criterion ?? ''}</td>
                  <td>{e.address ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.nextBefore && query && (
            <button type="button" className="button button--secondary" aria-disabled={busy} onClick={() => !busy && void fetchPage(query, result.nextBefore)} data-testid="audit-more">
              {tx('more')}
            </button>
          )}
        </>
      )}
      {searchedCase && result && (
        <section aria-labelledby={`${id}-ar-h`} className="panel">
          <h2 id={`${id}-ar-h`}>{tx('accessRequestHeading')}</h2>
          <label className="checkbox">
            <input type="checkbox" checked={withNames} onChange={(e) => setWithNames(e.target.checked)} data-testid="access-request-with-names" />
            {tx('withNames')}
          </label>
          <AccessRequestDownload caseId={searchedCase} withNames={withNames} />
        </section>
      )}
    </div>
  );
}
