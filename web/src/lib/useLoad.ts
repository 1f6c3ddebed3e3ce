/** Loads data from the API for a component; a 401 ends the session. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session.js';
import { ApiRequestError, isUnauthorized } from './api.js';

export type Load<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'error'; data?: T; error: ApiRequestError }
  | { status: 'ready'; data: T; error?: undefined };

/** Requests started before the component that needs them renders (the page a tab opens on), by useLoad key. */
const early = new Map<string, Promise<unknown>>();

/**
 * Starts `load` now for the component that will call useLoad with `key`; it
 * takes the answer (once) instead of asking again. A tab's first page can so
 * fetch its data while the session is being checked: if the session turns
 * out to be gone, the answer is a 401 that nobody reads.
 */
export function loadEarly(key: string, load: () => Promise<unknown>): void {
  const p = load();
  p.catch(() => {}); // read (or not) by useLoad
  early.set(key, p);
}

/**
 * `load` runs on mount and whenever `key` changes; `reload()` fetches again
 * but keeps showing the previous data meanwhile (no flicker on live refetches).
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Load<T> & { reload: () => void } {
  const { sessionEnded } = useSession();
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const lastKey = useRef(key);

  useEffect(() => {
    let cancelled = false;
    if (lastKey.current !== key) {
      lastKey.current = key;
      setState({ status: 'loading' });
    }
    const started = early.get(key) as Promise<T> | undefined;
    early.delete(key);
    (started ?? loadRef.current()).then(
      (data) => !cancelled && setState({ status: 'ready', data }),
      (err: unknown) => {
        if (cancelled) return;
        if (isUnauthorized(err)) sessionEnded();
        const error = err instanceof ApiRequestError ? err : new ApiRequestError(0, 'unknown');
        setState((s) => ({ status: 'error', data: s.data, error }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [key, attempt, sessionEnded]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
