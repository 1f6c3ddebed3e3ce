/** One user's municipal roles, enabled state and forum memberships (PATCH user, PUT/DELETE membership). */
import { useId, useState, type FormEvent } from 'react';
import type { AdminForum, AdminUser } from '../../../../shared/api.js';
import { ROLES, SECTORS, type Role, type Sector } from '../../../../shared/domain.js';
import { useT } from '../../i18n/index.js';
import { roleLabel, sectorLabel } from '../../lib/labels.js';
import { FieldError, FormMessage } from '../privacy/fields.js';
import { api } from '../../lib/api.js';
import { codeOf } from '../privacy/http.js';
import { adminErrKey, useAdminText, type AdminKey } from './text.js';

export const MUNICIPAL_ROLES = ['ADMIN', 'MANAGEMENT'] as const;
export type MunicipalRole = (typeof MUNICIPAL_ROLES)[number];

interface Props {
  user: AdminUser;
  forums: AdminForum[];
  onChanged: () => void;
  onClose: () => void;
}

/** Runs a request and reports the outcome in one shared message line. */
function useAction() {
  const tx = useAdminText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, done: AdminKey, after: () => void) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await fn();
      setStatus(tx(done));
      after();
    } catch (err) {
      setError(tx(adminErrKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, status, run };
}

export function UserEditor({ user, forums, onChanged, onClose }: Props) {
  const tx = useAdminText();
  const id = useId();
  const action = useAction();
  const [roles, setRoles] = useState<MunicipalRole[]>(user.municipalRoles);

  const saveRoles = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => api.admin.updateUser(user.id, { municipalRoles: roles }), 'rolesSaved', onChanged);
  };
  const toggleDisabled = () =>
    void action.run(() => api.admin.updateUser(user.id, { disabled: !user.disabled }), user.disabled ? 'userEnabled' : 'userDisabled', onChanged);

  const others = forums.filter((f) => !user.memberships.some((m) => m.forumId === f.id));

  return (
    <section className="panel" aria-labelledby={`${id}-h`} data-testid="admin-user-editor" data-user-id={user.id}>
      <div className="page-head">
        <h2 id={`${id}-h`}>{tx('manageOf', { name: user.name })}</h2>
        <button type="button" className="button button--small button--secondary" onClick={onClose}>
          {tx('closeEditor')}
        </button>
      </div>
      <FormMessage error={action.error} status={action.status} />

      <form className="form form--row" onSubmit={saveRoles}>
        <fieldset className="fieldset">
          <legend>{tx('municipalRoles')}</legend>
          {MUNICIPAL_ROLES.map((r) => (
            <label key={r} className="checkbox">
              <input type="checkbox" checked={roles.includes(r)} onChange={(e) => setRoles((l) => (e.target.checked ? [...l, r] : l.filter((x) => x !== r)))} data-testid={`edit-role-${r}`} />
              {tx(`mrole.${r}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button--secondary" aria-disabled={action.busy} data-testid="save-roles">
          {tx('saveRoles')}
        </button>
      </form>

      <p className="hint" id={`${id}-disable-hint`}>
        {tx('disableHint')}
      </p>
      <button type="button" className="button button--secondary" aria-describedby={`${id}-disable-hint`} aria-disabled={action.busy} onClick={toggleDisabled} data-testid="toggle-disabled">
        {user.disabled ? tx('enable') : tx('disable')}
      </button>

      <h3>{tx('memberships')}</h3>
      {user.memberships.length === 0 ? (
        <p>{tx('noMemberships')}</p>
      ) : (
        <table className="table table--compact" data-testid="admin-memberships">
          <caption className="visually-hidden">{tx('membershipsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{tx('forum')}</th>
              <th scope="col">{tx('sector')}</th>
              <th scope="col">{tx('role')}</th>
              <th scope="col">
                <span className="visually-hidden">{tx('save')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {user.memberships.map((m) => (
              <MembershipRow
                key={m.forumId}
                forumName={m.forumName}
                sector={m.sector}
                role={m.role}
                busy={action.busy}
                onSave={(sector, role) => void action.run(() => api.admin.setMembership(m.forumId, user.id, { sector, role }), 'membershipSaved', onChanged)}
                onRemove={() => void action.run(() => api.admin.removeMembership(m.forumId, user.id), 'membershipRemoved', onChanged)}
              />
            ))}
          </tbody>
        </table>
      )}
      {others.length > 0 && (
        <AddMembership
          forums={others}
          busy={action.busy}
          onAdd={(forumId, sector, role) => void action.run(() => api.admin.setMembership(forumId, user.id, { sector, role }), 'membershipSaved', onChanged)}
        />
      )}
    </section>
  );
}

function Selects({ id, sector, role, setSector, setRole, sectorText, roleText }: { id: string; sector: Sector; role: Role; setSector: (s: Sector) => void; setRole: (r: Role) => void; sectorText: string; roleText: string }) {
  const t = useT();
  return (
    <>
      <div className="field field--compact">
        <label htmlFor={`${id}-sector`}>{sectorText}</label>
        <select id={`${id}-sector`} value={sector} onChange={(e) => setSector(e.target.value as Sector)} data-testid="membership-sector">
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {sectorLabel(t, s)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--compact">
        <label htmlFor={`${id}-role`}>{roleText}</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="membership-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

function MembershipRow(p: { forumName: string; sector: Sector; role: Role; busy: boolean; onSave: (s: Sector, r: Role) => void; onRemove: () => void }) {
  const tx = useAdminText();
  const id = useId();
  const [sector, setSector] = useState(p.sector);
  const [role, setRole] = useState(p.role);
  const forum = p.forumName;
  return (
    <tr data-testid="admin-membership">
      <th scope="row">{forum}</th>
      <td colSpan={2}>
        <div className="form--row">
          <Selects id={id} sector={sector} role={role} setSector={setSector} setRole={setRole} sectorText={tx('sectorIn', { forum })} roleText={tx('roleIn', { forum })} />
        </div>
      </td>
      <td>
        <div className="row-tools">
          <button type="button" className="button button--small" aria-disabled={p.busy} aria-label={tx('saveIn', { forum })} onClick={() => p.onSave(sector, role)} data-testid="membership-save">
            {tx('save')}
          </button>
          <button type="button" className="button button--small button--secondary" aria-disabled={p.busy} aria-label={tx('removeFrom', { forum })} onClick={p.onRemove} data-testid="membership-remove">
            {tx('remove')}
          </button>
        </div>
      </td>
    </tr>
  );
}

function AddMembership({ forums, busy, onAdd }: { forums: AdminForum[]; busy: boolean; onAdd: (forumId: string, s: Sector, r: Role) => void }) {
  const tx = useAdminText();
  const id = useId();
  const [forumId, setForumId] = useState('');
  const [sector, setSector] = useState<Sector>('SKOLE');
  const [role, setRole] = useState<Role>('MEMBER');
  const [forumError, setForumError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!forumId) {
      setForumError(tx('v.forum'));
      return;
    }
    setForumError(null);
    onAdd(forumId, sector, role);
    setForumId('');
  };
  return (
    <form className="form form--card" onSubmit={submit} noValidate aria-labelledby={`${id}-h`} data-testid="add-membership-form">
      <h4 id={`${id}-h`}>{tx('addMembership')}</h4>
      <div className="form--row">
        <div className="field">
          <label htmlFor={`${id}-forum`}>{tx('forum')}</label>
          <select
            id={`${id}-forum`}
            value={forumId}
            onChange={(e) => setForumId(e.target.value)}
            aria-invalid={forumError ? true : undefined}
            aria-describedby={forumError ? `${id}-forum-error` : undefined}
            data-testid="membership-forum"
          >
            <option value="">{tx('chooseForum')}</option>
            {forums.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-forum-error`} error={forumError} />
        </div>
        <Selects id={id} sector={sector} role={role} setSector={setSector} setRole={setRole} sectorText={tx('sector')} roleText={tx('role')} />
        <button type="submit" className="button" aria-disabled={busy} data-testid="membership-add">
          {tx('add')}
        </button>
      </div>
    </form>
  );
}
