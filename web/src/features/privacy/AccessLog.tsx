/** "Adgangslog" (AU4): who accessed the case, when, how and why; fetched only on request (reading it is logged). */
import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import type { CaseAccessView } from '../../../../shared/schemas/audit.js';
import { api } from '../../lib/api.js';
import { codeOf } from './http.js';
import { actionLabel, errKey, purposeLabel, usePrivacyText } from './text.js';

type Entry = CaseAccessView;

export function AccessLog({ caseId }: { caseId: string }) {
  const tx = usePrivacyText();
  const { lang } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = async () => {
    if (open) {
      setOpen(false);
      setEntries(null); // fetched afresh (and logged) each time it is shown
      return;
    }
    setOpen(true);
    setBusy(true);
    setError(null);
    try {
      const res = await api.privacy.accessLog(caseId);
      setEntries(res.entries);
    } catch (err) {
      setError(tx(errKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="access-log">
      <p className="hint">{tx('accessLogIntro')}</p>
      <button type="button" className="button button--secondary" aria-expanded={open} aria-controls={id} aria-disabled={busy} onClick={() => void toggle()} data-testid="access-log-toggle">
        {tx(open ? 'accessLogHide' : 'accessLogShow')}
      </button>
      <div id={id} aria-busy={busy}>
        {open && error && (
          <p className="alert alert--error" role="alert">
            {error}
          </p>
        )}
        {open && entries && entries.length === 0 && <p>{tx('accessLogEmpty')}</p>}
        {open && entries && entries.length > 0 && (
          <table className="table table--compact" data-testid="access-log-table">
            <caption className="visually-hidden">{tx('accessLogCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tx('col.at')}</th>
                <th scope="col">{tx('col.user')}</th>
                <th scope="col">{tx('col.action')}</th>
                <th scope="col">{tx('col.purpose')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td>{formatDateTime(lang, e.at)}</td>
                  <td>{e.userName ?? tx('unknownUser')}</td>
                  <td>{actionLabel(tx, e.action)}</td>
                  <td>{purposeLabel(lang, e.purpose)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
