/** /admin/brugere: users of the municipality, their roles and forum memberships (municipal ADMIN only, A6). */
import { useId, useState, type FormEvent } from 'react';
import { usePageTitle } from '../../app/AppShell.js';
import { useT } from '../../i18n/index.js';
import { roleLabel } from '../../lib/labels.js';
import { api } from '../../lib/api.js';
import { useLoad } from '../../lib/useLoad.js';
import { FormMessage, TextField } from '../privacy/fields.js';
import { codeOf } from '../privacy/http.js';
import { LoadState } from './common.js';
import { adminErrKey, useAdminText } from './text.js';
import { MUNICIPAL_ROLES, UserEditor, type MunicipalRole } from './UserEditor.js';

export function AdminUsersPage() {
  const tx = useAdminText();
  const t = useT();
  usePageTitle(tx('usersTitle'));
  const load = useLoad(
    () => Promise.all([api.admin.users(), api.admin.forums()]),
    'admin-users',
  );
  const [selected, setSelected] = useState<string | null>(null);
  const editorId = useId();
  const [users, forums] = load.data ?? [[], []];
  const current = users.find((u) => u.id === selected) ?? null;

  return (
    <div className="page" data-testid="admin-users-page">
      <h1>{tx('usersTitle')}</h1>
      {!load.data ? (
        <LoadState status={load.status} error={load.error} reload={load.reload} />
      ) : (
        <>
          <p>{tx('usersIntro')}</p>
          {load.error && (
            <p className="alert alert--error" role="alert">
              {tx(adminErrKey(load.error.code))}
            </p>
          )}
          <CreateUser onCreated={load.reload} />
          <table className="table" data-testid="admin-users">
            <caption className="visually-hidden">{tx('usersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tx('name')}</th>
                <th scope="col">{tx('email')}</th>
                <th scope="col">{tx('roles')}</th>
                <th scope="col">{tx('status')}</th>
                <th scope="col">{tx('totp')}</th>
                <th scope="col">{tx('forums')}</th>
                <th scope="col">
                  <span className="visually-hidden">{tx('manage')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-user-id={u.id} data-disabled={u.disabled}>
                  <th scope="row">{u.name}</th>
                  <td>{u.email}</td>
                  <td>{u.municipalRoles.map((r) => tx(`mrole.${r}`)).join(', ') || '–'}</td>
                  <td>{u.disabled ? <span className="tag tag--danger">{tx('disabled')}</span> : tx('active')}</td>
                  <td>{u.totpEnabled ? tx('totpOn') : tx('totpOff')}</td>
                  <td>{u.memberships.map((m) => `${m.forumName} (${roleLabel(t, m.role)})`).join(', ') || tx('none')}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      aria-expanded={selected === u.id}
                      aria-controls={editorId}
                      aria-label={tx('manageOf', { name: u.name })}
                      onClick={() => setSelected(selected === u.id ? null : u.id)}
                      data-testid="admin-user-manage"
                    >
                      {tx('manage')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div id={editorId}>
            {current && <UserEditor key={current.id} user={current} forums={forums} onChanged={load.reload} onClose={() => setSelected(null)} />}
          </div>
        </>
      )}
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const tx = useAdminText();
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<MunicipalRole[]>([]);
  const [errors, setErrors] = useState<{ name?: string; email?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const v: typeof errors = {};
    if (name.trim().length < 2 || name.trim().length > 120) v.name = tx('v.name');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) || email.trim().length > 254) v.email = tx('v.email');
    if (password && (password.length < 12 || password.length > 200)) v.password = tx('v.password');
    setErrors(v);
    setStatus(null);
    if (Object.keys(v).length > 0) {
      setError(tx('err.invalid_input'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.admin.createUser({
        name: name.trim(),
        email: email.trim(),
        municipalRoles: roles,
        ...(password ? { password } : {}),
      });
      setName('');
      setEmail('');
      setPassword('');
      setRoles([]);
      setStatus(tx('userCreated'));
      onCreated();
    } catch (err) {
      setError(tx(adminErrKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form--card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-h`} aria-describedby={error ? `${id}-error` : undefined} data-testid="create-user-form">
      <h2 id={`${id}-h`}>{tx('createUser')}</h2>
      <div className="grid-3">
        <TextField id={`${id}-name`} label={tx('name')} value={name} onChange={setName} error={errors.name} maxLength={120} required testId="user-name" />
        <TextField id={`${id}-email`} type="email" label={tx('email')} value={email} onChange={setEmail} error={errors.email} maxLength={254} inputMode="email" required testId="user-email" />
        <TextField id={`${id}-password`} type="password" label={tx('password')} hint={tx('passwordHint')} value={password} onChange={setPassword} error={errors.password} maxLength={200} autoComplete="new-password" testId="user-password" />
      </div>
      <fieldset className="fieldset">
        <legend>{tx('municipalRoles')}</legend>
        {MUNICIPAL_ROLES.map((r) => (
          <label key={r} className="checkbox">
            <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles((l) => (e.target.checked ? [...l, r] : l.filter((x) => x !== r)))} data-testid={`user-role-${r}`} />
            {tx(`mrole.${r}`)}
          </label>
        ))}
      </fieldset>
      <FormMessage id={`${id}-error`} error={error} status={status} />
      <div className="form__actions">
        <button type="submit" className="button" aria-disabled={busy} data-testid="create-user-submit">
          {tx('createUser')}
        </button>
      </div>
    </form>
  );
}
