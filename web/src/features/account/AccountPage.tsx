/** /konto: two-factor login (TF1, TF4), the e-mails the user gets (ML2) and "Log ud alle steder" (SE3). */
import { useId, useState, type FormEvent } from 'react';
import { usePageTitle } from '../../app/AppShell.js';
import { useSession } from '../../app/session.js';
import { navigate } from '../../lib/router.js';
import { useT } from '../../i18n/index.js';
import { useLoad } from '../../lib/useLoad.js';
import { FormMessage } from '../privacy/fields.js';
import { MAIL_KINDS, type MailPreferences } from '../../../../shared/contract/answers.js';
import { api } from '../../lib/api.js';
import { codeOf, statusOf } from '../privacy/http.js';
import { normaliseTotp, TotpField } from './LoginExtras.js';
import { accountErrKey, useAccountText, type AccountKey } from './text.js';

/** The secret in groups of four, easier to type into an app. */
export const groupSecret = (secret: string) => secret.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ');

export function AccountPage() {
  const tx = useAccountText();
  usePageTitle(tx('title'));
  return (
    <div className="page" data-testid="account-page">
      <h1>{tx('title')}</h1>
      <TotpSection />
      <MailSection />
      <LogoutAll />
    </div>
  );
}

function TotpSection() {
  const tx = useAccountText();
  const id = useId();
  const load = useLoad(() => api.account.totp(), 'totp');
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (fn: () => Promise<void>, done?: AccountKey) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await fn();
      if (done) setStatus(tx(done));
    } catch (err) {
      const c = codeOf(err);
      if (c === 'invalid_code') setCodeError(tx('err.invalid_code'));
      else setError(tx(accountErrKey(c)));
    } finally {
      setBusy(false);
    }
  };

  const startSetup = () =>
    void act(async () => {
      setSetup(await api.account.setUpTotp());
      setCode('');
    });

  const submitCode = (path: 'enable' | 'disable') => (e: FormEvent) => {
    e.preventDefault();
    const c = normaliseTotp(code);
    if (!c) {
      setCodeError(tx('codeInvalid'));
      return;
    }
    setCodeError(null);
    void act(
      async () => {
        await (path === 'enable' ? api.account.enableTotp(c) : api.account.disableTotp(c));
        setSetup(null); // the secret leaves memory once it is in the app
        setCode('');
        load.reload();
      },
      path === 'enable' ? 'totpEnabledNow' : 'totpDisabledNow',
    );
  };

  const data = load.data;
  const codeField = <TotpField id={`${id}-code`} value={code} onChange={setCode} error={codeError} testId="totp-code" />;
  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="totp-section" data-enabled={data?.enabled}>
      <h2 id={`${id}-h`} className="panel__title">
        {tx('totpHeading')}
      </h2>
      <p>{tx('totpIntro')}</p>
      {!data && load.status === 'loading' && (
        <p className="status-text" role="status">
          {tx('totpLoading')}
        </p>
      )}
      {!data && load.error && (
        <p className="alert alert--error" role="alert">
          {tx(accountErrKey(load.error.code))}
        </p>
      )}
      {data && !data.available && <p className="notice">{tx('totpUnavailable')}</p>}
      {data?.available && data.enabled && (
        <>
          <p>
            <strong>{tx('totpEnabled')}</strong>
          </p>
          <form className="form form--card" onSubmit={submitCode('disable')} noValidate aria-labelledby={`${id}-dh`} data-testid="totp-disable-form">
            <h3 id={`${id}-dh`}>{tx('totpDisableHeading')}</h3>
            <p className="hint">{tx('totpDisableIntro')}</p>
            {codeField}
            <div className="form__actions">
              <button type="submit" className="button button--secondary" aria-disabled={busy} data-testid="totp-disable">
                {tx('totpDisable')}
              </button>
            </div>
          </form>
        </>
      )}
      {data?.available && !data.enabled && !setup && (
        <>
          <p>{tx('totpDisabled')}</p>
          <button type="button" className="button" aria-disabled={busy} onClick={startSetup} data-testid="totp-setup">
            {tx('totpSetup')}
          </button>
        </>
      )}
      {data?.available && !data.enabled && setup && (
        <form className="form form--card" onSubmit={submitCode('enable')} noValidate data-testid="totp-enable-form">
          <p>{tx('totpStep1')}</p>
          <p>
            <span className="visually-hidden">{tx('totpSecretLabel')}: </span>
            <code style={{ fontSize: '1.25rem', letterSpacing: '0.05em' }} data-testid="totp-secret">
              {groupSecret(setup.secret)}
            </code>
          </p>
          <p>{tx('totpUrlLabel')}</p>
          <p>
            <code style={{ wordBreak: 'break-all' }} data-testid="totp-url">
              {setup.otpauthUrl}
            </code>
          </p>
          <p>{tx('totpStep2')}</p>
          {codeField}
          <div className="form__actions">
            <button type="submit" className="button" aria-disabled={busy} data-testid="totp-enable">
              {tx('totpEnable')}
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setSetup(null);
                setCode('');
                setCodeError(null);
              }}
            >
              {tx('totpCancel')}
            </button>
          </div>
        </form>
      )}
      <FormMessage error={error} status={status} />
    </section>
  );
}

function MailSection() {
  const tx = useAccountText();
  const t = useT();
  const id = useId();
  const load = useLoad(() => api.account.mailPreferences(), 'mail-preferences');
  const [draft, setDraft] = useState<MailPreferences | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const prefs = draft ?? load.data;

  const change = (next: MailPreferences) => {
    setDraft(next);
    setStatus(null);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !prefs) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setDraft(await api.account.saveMailPreferences({ kinds: prefs.kinds, language: prefs.language }));
      setStatus(tx('mailSaved'));
    } catch (err) {
      setError(tx(accountErrKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="mail-section">
      <h2 id={`${id}-h`} className="panel__title">
        {tx('mailHeading')}
      </h2>
      <p>{tx('mailIntro')}</p>
      {!prefs && load.status === 'loading' && (
        <p className="status-text" role="status">
          {tx('mailLoading')}
        </p>
      )}
      {!prefs && load.error && (
        <p className="alert alert--error" role="alert">
          {tx(accountErrKey(load.error.code))}
        </p>
      )}
      {prefs?.delivery === 'off' && <p className="notice">{tx('mailOff')}</p>}
      {prefs?.delivery === 'log' && <p className="notice">{tx('mailLogOnly')}</p>}
      {prefs && (
        <form className="form" onSubmit={(e) => void save(e)} noValidate>
          <fieldset className="fieldset">
            <legend>{tx('mailKindsLegend')}</legend>
            {MAIL_KINDS.map((k) => (
              <label key={k} className="checkbox">
                <input
                  type="checkbox"
                  checked={prefs.kinds[k]}
                  onChange={(e) => change({ ...prefs, kinds: { ...prefs.kinds, [k]: e.target.checked } })}
                  data-testid={`mail-kind-${k}`}
                />
                {tx(`mail.${k}`)}
              </label>
            ))}
          </fieldset>
          <fieldset className="fieldset">
            <legend>{tx('mailLanguageLegend')}</legend>
            {(['da', 'en'] as const).map((lang) => (
              <label key={lang} className="checkbox">
                <input type="radio" name={`${id}-lang`} checked={prefs.language === lang} onChange={() => change({ ...prefs, language: lang })} data-testid={`mail-lang-${lang}`} />
                {t(lang === 'da' ? 'lang.da' : 'lang.en')}
              </label>
            ))}
          </fieldset>
          <div className="form__actions">
            <button type="submit" className="button" aria-disabled={busy} data-testid="mail-save">
              {tx('mailSave')}
            </button>
          </div>
        </form>
      )}
      <FormMessage error={error} status={status} />
    </section>
  );
}

function LogoutAll() {
  const tx = useAccountText();
  const id = useId();
  const { logout } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.account.logoutEverywhere();
    } catch (err) {
      // 401: already logged out here; anything else is shown.
      if (statusOf(err) !== 401) {
        setError(tx(accountErrKey(codeOf(err))));
        setBusy(false);
        return;
      }
    }
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="logout-all-section">
      <h2 id={`${id}-h`} className="panel__title">
        {tx('logoutAllHeading')}
      </h2>
      <p>{tx('logoutAllIntro')}</p>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button button--secondary" aria-disabled={busy} onClick={() => void run()} data-testid="logout-all">
        {tx('logoutAll')}
      </button>
    </section>
  );
}
