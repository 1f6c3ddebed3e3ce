/**
 * "Indsigt (aktindsigt)": downloads GET /api/cases/:id/access-request as PDF or
 * JSON with a progress bar; the blob URL is revoked right after.
 */
import { useId, useState } from 'react';
import { api } from '../../lib/api.js';
import { downloadFile, statusOf } from './http.js';
import { usePrivacyText } from './text.js';

interface Props {
  caseId: string;
  /** Case reference, for the JSON file name (the PDF's name comes from the server). */
  reference?: string;
  /** ADMIN only: include employees' names (redactEmployees=false). */
  withNames?: boolean;
}

export function AccessRequestDownload({ caseId, reference, withNames = false }: Props) {
  const tx = usePrivacyText();
  const id = useId();
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [pct, setPct] = useState<number | null>(null);

  const run = async (format: 'pdf' | 'json') => {
    if (state === 'busy') return;
    setState('busy');
    setPct(null);
    setError(null);
    const ref = (reference ?? '').replace(/[^A-Za-z0-9]/g, '');
    try {
      await downloadFile(api.privacy.accessRequestUrl(caseId, { format, ...(withNames ? { redactEmployees: 'false' } : {}) }), `indsigt-sag${ref ? `-${ref}` : ''}.${format}`, (received, total) =>
        setPct(total > 0 ? Math.round((received / total) * 100) : null),
      );
      setState('done');
    } catch (err) {
      const s = statusOf(err);
      setError(tx(s === 403 ? 'err.forbidden' : s === 404 ? 'err.not_found' : s === 0 ? 'err.network' : 'err.unknown'));
      setState('error');
    }
  };

  return (
    <div data-testid="access-request">
      <p className="hint">{tx('exportIntro')}</p>
      <div className="form__actions">
        <button type="button" className="button button--secondary" aria-disabled={state === 'busy'} onClick={() => void run('pdf')} data-testid="access-request-pdf">
          {tx('exportPdf')}
        </button>
        <button type="button" className="button button--secondary" aria-disabled={state === 'busy'} onClick={() => void run('json')} data-testid="access-request-json">
          {tx('exportJson')}
        </button>
      </div>
      {state === 'busy' && (
        <div className="field">
          <label htmlFor={`${id}-progress`}>{tx('exportProgress')}</label>
          <progress id={`${id}-progress`} max={100} value={pct ?? undefined}>
            {pct !== null ? `${pct} %` : ''}
          </progress>
        </div>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <p className="status-text" role="status" data-testid="access-request-status">
        {state === 'done' ? tx('exportDone') : ''}
      </p>
    </div>
  );
}
