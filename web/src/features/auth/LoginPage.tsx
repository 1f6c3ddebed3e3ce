/** "Log ind": e-mail and password, with a Danish message for every error code. */
import { useState, type FormEvent } from 'react';
import { usePageTitle } from '../../app/AppShell.js';
import { useSession } from '../../app/session.js';
import { useT, type MessageKey } from '../../i18n/index.js';
import { api, errorCode, type ApiErrorCode } from '../../lib/api.js';
import { LoginExtras, normaliseTotp, TotpField } from '../account/LoginExtras.js';

/** The codes this page words in its own way; every other code has its text of i18n/errors.ts. */
const LOGIN_ERRORS = ['invalid_input', 'invalid_credentials', 'too_many_attempts', 'network', 'totp_required', 'unknown'] as const satisfies readonly ApiErrorCode[];
type LoginError = (typeof LOGIN_ERRORS)[number];

function errorKey(code: ApiErrorCode): MessageKey {
  return (LOGIN_ERRORS as readonly ApiErrorCode[]).includes(code) ? `login.error.${code as LoginError}` : `error.${code}`;
}

export function LoginPage() {
  const t = useT();
  const { state, signedIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Shown once the server says the account has a second factor (totp_required).
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorCode | null>(null);
  usePageTitle(t('login.title'));

  const notice = state.status === 'anonymous' ? state.notice : undefined;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    // The same limits as loginSchema (shared/schemas/auth.ts), without pulling zod into the first bundle.
    const trimmed = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) || trimmed.length > 254 || password.length < 1 || password.length > 200) {
      setError('invalid_input');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await api.login(email.trim(), password, needsCode ? (normaliseTotp(code) ?? code) : undefined);
      setPassword('');
      setCode('');
      signedIn(me);
    } catch (err) {
      const c = errorCode(err);
      if (c === 'totp_required') setNeedsCode(true);
      setError(c);
      setBusy(false);
    }
  }

  return (
    <div className="page page--narrow">
      <h1>{t('login.title')}</h1>
      {notice && !error && (
        <p className="notice" role="status">
          {t(notice === 'sessionEnded' ? 'login.sessionEnded' : 'login.loggedOut')}
        </p>
      )}
      <p>{t('login.intro')}</p>
      <LoginExtras />
      <form className="form" onSubmit={onSubmit} noValidate aria-describedby={error ? 'login-error' : undefined}>
        {error && (
          <p id="login-error" className="alert alert--error" role="alert">
            {t(errorKey(error))}
          </p>
        )}
        <div className="field">
          <label htmlFor="login-email">{t('login.email')}</label>
          <input
            id="login-email"
            data-testid="login-email"
            type="email"
            name="email"
            autoComplete="username"
            inputMode="email"
            required
            maxLength={254}
            value={email}
            aria-invalid={error === 'invalid_input' || error === 'invalid_credentials' ? true : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            data-testid="login-password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            maxLength={200}
            value={password}
            aria-invalid={error === 'invalid_input' || error === 'invalid_credentials' ? true : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {needsCode && <TotpField value={code} onChange={setCode} autoFocus />}
        <button type="submit" className="button" data-testid="login-submit" aria-disabled={busy} aria-busy={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
