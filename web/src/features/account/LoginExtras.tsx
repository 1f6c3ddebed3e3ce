/**
 * For the login page: the "Log ind med organisationens login" button (when
 * GET /api/auth/config says OIDC is configured, OI5), the OIDC failure
 * message for /login?error=oidc (OI4), and the TOTP code field (TF2).
 */
import { useEffect, useState } from 'react';
import { api } from '../../lib/api.js';
import { useAccountText } from './text.js';

/** `{ oidc }` from GET /api/auth/config; null until known (or when it failed). */
export function useAuthConfig(): { oidc: boolean } | null {
  const [config, setConfig] = useState<{ oidc: boolean } | null>(null);
  useEffect(() => {
    let cancelled = false;
    api
      .authConfig()
      .then((data) => !cancelled && setConfig({ oidc: data.oidc === true }))
      // Without it the page simply offers no OIDC button.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return config;
}

/** The OIDC button (if configured) and the OIDC error of /login?error=oidc. */
export function LoginExtras() {
  const tx = useAccountText();
  const config = useAuthConfig();
  const oidcFailed = new URLSearchParams(window.location.search).get('error') === 'oidc';
  return (
    <div data-testid="login-extras">
      {oidcFailed && (
        <p className="alert alert--error" role="alert" data-testid="oidc-error">
          {tx('oidcError')}
        </p>
      )}
      {config?.oidc && (
        <>
          <p>
            {/* A full navigation: the server answers with a redirect to the identity provider. */}
            <a className="button" href="/api/auth/oidc/login" data-testid="oidc-login">
              {tx('oidcLogin')}
            </a>
          </p>
          <p className="hint">{tx('or')}</p>
        </>
      )}
    </div>
  );
}

interface TotpFieldProps {
  value: string;
  onChange: (value: string) => void;
  id?: string;
  /** An error message to show (e.g. after `invalid_credentials` with a code). */
  error?: string | null;
  autoFocus?: boolean;
  testId?: string;
}

/** The 6-digit code field; show it when login answered `{ error: 'totp_required' }`. */
export function TotpField({ value, onChange, id = 'totp-code', error, autoFocus, testId = 'login-totp' }: TotpFieldProps) {
  const tx = useAccountText();
  const hintId = `${id}-hint`;
  const errId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{tx('codeLabel')}</label>
      <p id={hintId} className="hint">
        {tx('codeHint')}
      </p>
      <input
        id={id}
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        maxLength={7}
        required
        // biome-ignore lint/a11y/noAutofocus: the code field is the whole next step after the password, so focus goes there
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errId}` : hintId}
        data-testid={testId}
      />
      {error && (
        <p id={errId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The code as the server wants it: digits only; null unless exactly 6. */
export function normaliseTotp(value: string): string | null {
  const digits = value.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}
