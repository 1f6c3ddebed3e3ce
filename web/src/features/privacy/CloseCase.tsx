/** "Luk sagen" (RT2) with a confirmation that explains retention. */
import { useId, useState } from 'react';
import { Dialog } from '../../components/Dialog.js';
import { api } from '../../lib/api.js';
import { codeOf } from './http.js';
import { errKey, usePrivacyText } from './text.js';

export function CloseCase({ caseId, closed, onClosed }: { caseId: string; closed: boolean; onClosed?: () => void }) {
  const tx = usePrivacyText();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  if (closed || done) {
    return (
      <p className="notice" role="status" data-testid="case-closed">
        {tx(done && !closed ? 'closeDone' : 'closed')}
      </p>
    );
  }

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.privacy.close(caseId);
      setOpen(false);
      setDone(true);
      onClosed?.();
    } catch (err) {
      setError(tx(errKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button button--secondary" onClick={() => setOpen(true)} data-testid="close-case">
        {tx('closeCase')}
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} labelledBy={`${id}-h`} describedBy={`${id}-text`} testId="close-case-dialog">
        <h2 id={`${id}-h`}>{tx('closeTitle')}</h2>
        <p id={`${id}-text`}>{tx('closeText')}</p>
        {error && (
          <p className="alert alert--error" role="alert">
            {error}
          </p>
        )}
        <div className="form__actions">
          {/* Cancel first: the dialog focuses the first button, and closing is not undone. */}
          <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
            {tx('cancel')}
          </button>
          <button type="button" className="button" aria-disabled={busy} onClick={() => void confirm()} data-testid="close-case-confirm">
            {tx('closeConfirm')}
          </button>
        </div>
      </Dialog>
    </>
  );
}
