/** Health-only notes (A5): create them (health visitors), or the slot where the lead mounts their editor. */
import { useState, type ReactNode } from 'react';
import { documentPath, Link } from '../../lib/router.js';
import { api } from '../../lib/api.js';
import { codeOf } from './http.js';
import { errKey, usePrivacyText } from './text.js';

interface Props {
  caseId: string;
  healthDocName: string | null;
  canCreate: boolean;
  onChanged: () => void;
  /** Renders the editor for the health-notes document; without it, a link to /d/:docName. */
  render?: (docName: string) => ReactNode;
}

export function HealthNotes({ caseId, healthDocName, canCreate, onChanged, render }: Props) {
  const tx = usePrivacyText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!healthDocName && !canCreate) return null;

  const create = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.privacy.createHealthNotes(caseId);
      onChanged();
    } catch (err) {
      setError(tx(errKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="privacy-health-h">
      <h3 id="privacy-health-h">{tx('healthHeading')}</h3>
      {healthDocName ? (
        <div data-testid="health-notes" data-doc-name={healthDocName}>
          <p className="hint">{tx('healthInfo')}</p>
          {render ? render(healthDocName) : <Link href={documentPath(healthDocName)}>{tx('healthOpen')}</Link>}
        </div>
      ) : (
        <button type="button" className="button button--secondary" aria-disabled={busy} onClick={() => void create()} data-testid="health-notes-create">
          {tx('healthCreate')}
        </button>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
