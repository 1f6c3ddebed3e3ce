/**
 * Who is logged in. The session itself is an HttpOnly cookie; the browser
 * only keeps the `MeResponse` in memory.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MeResponse } from '../../../shared/api.js';
import { useI18n } from '../i18n/index.js';
import { api, isUnauthorized } from '../lib/api.js';
import { PREFETCH_ME, takePrefetched } from './prefetch.js';

export type LoginNotice = 'sessionEnded' | 'loggedOut';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; notice?: LoginNotice }
  | { status: 'authenticated'; me: MeResponse };

interface Session {
  state: SessionState;
  /** Called by the login page with the server's answer. */
  signedIn: (me: MeResponse) => void;
  logout: () => Promise<void>;
  /** The server told us the session is gone (401 on HTTP or 4401 on the socket). */
  sessionEnded: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { lang, setLang } = useI18n();
  // WB15: the language stored on the account wins over the default, on every load and login.
  const me = state.status === 'authenticated' ? state.me : null;
  useEffect(() => {
    if (me?.language) setLang(me.language);
  }, [me, setLang]);

  useEffect(() => {
    let cancelled = false;
    // Asked for by early.ts while the app's code was on its way (once; a later check asks anew).
    (takePrefetched<MeResponse>(PREFETCH_ME) ?? api.me()).then(
      (me) => !cancelled && setState({ status: 'authenticated', me }),
      // Any failure (401, network) means: show the login page.
      () => !cancelled && setState({ status: 'anonymous' }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const signedIn = useCallback(
    (me: MeResponse) => {
      // English chosen on the login page by someone who never chose before: kept on the account too (WB15).
      if (!me.language && lang !== 'da') {
        api.saveLanguage(lang).catch((err) => console.warn('language not saved', err));
        setState({ status: 'authenticated', me: { ...me, language: lang } });
        return;
      }
      setState({ status: 'authenticated', me });
    },
    [lang],
  );
  const sessionEnded = useCallback(() => setState({ status: 'anonymous', notice: 'sessionEnded' }), []);
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch (err) {
      // Already logged out is fine; anything else still ends the session locally.
      if (!isUnauthorized(err)) console.warn('logout failed', err);
    }
    setState({ status: 'anonymous', notice: 'loggedOut' });
  }, []);

  const value = useMemo(() => ({ state, signedIn, logout, sessionEnded }), [state, signedIn, logout, sessionEnded]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The logged-in user; only for pages rendered behind the login guard. */
export function useMe(): MeResponse {
  const { state } = useSession();
  if (state.status !== 'authenticated') throw new Error('useMe without a session');
  return state.me;
}

/**
 * Where to go after logging in. Kept in memory only: paths hold opaque ids,
 * but there is still no reason to persist them.
 */
let returnPath: string | null = null;
export const rememberReturnPath = (path: string) => {
  returnPath = path === '/login' ? null : path;
};
export const takeReturnPath = (): string => {
  const path = returnPath ?? '/';
  returnPath = null;
  return path;
};
