/** Loads the documents the user may open; ends the session on a 401. */
import { useCallback, useEffect, useState } from 'react';
import type { DocumentSummary } from '../../../../shared/api.js';
import { useSession } from '../../app/session.js';
import { api, isUnauthorized } from '../../lib/api.js';

export type DocumentsState =
  | { status: 'loading' }
  | { status: 'error' }
  | { status: 'ready'; documents: DocumentSummary[] };

export function useDocuments(): DocumentsState & { reload: () => void } {
  const { sessionEnded } = useSession();
  const [state, setState] = useState<DocumentsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    api.documents().then(
      (documents) => !cancelled && setState({ status: 'ready', documents }),
      (err: unknown) => {
        if (cancelled) return;
        if (isUnauthorized(err)) sessionEnded();
        else setState({ status: 'error' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt, sessionEnded]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
