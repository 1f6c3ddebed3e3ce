/** /admin/fora: the municipality's forums; create new ones (municipal ADMIN only, A6). */
import { useId, useState, type FormEvent } from 'react';
import { FORUM_TYPES, type ForumType } from '../../../../shared/domain.js';
import { usePageTitle } from '../../app/AppShell.js';
import { useT } from '../../i18n/index.js';
import { forumTypeLabel } from '../../lib/labels.js';
import { api } from '../../lib/api.js';
import { useLoad } from '../../lib/useLoad.js';
import { JournalNumberForm } from '../journal/JournalNumberForm.js';
import { useJournalText } from '../journal/text.js';
import { FormMessage, TextField } from '../privacy/fields.js';
import { codeOf, statusOf } from '../privacy/http.js';
import { LoadState, NoAccess } from './common.js';
import { adminErrKey, useAdminText } from './text.js';

export function AdminForumsPage() {
  const tx = useAdminText();
  const jtx = useJournalText();
  const t = useT();
  usePageTitle(tx('forumsTitle'));
  const load = useLoad(() => api.admin.forums(), 'admin-forums');
  const [forbidden, setForbidden] = useState(false);

  return (
    <div className="page" data-testid="admin-forums-page">
      <h1>{tx('forumsTitle')}</h1>
      {forbidden ? (
        <NoAccess />
      ) : !load.data ? (
        <LoadState status={load.status} error={load.error} reload={load.reload} />
      ) : (
        <>
          <p>{tx('forumsIntro')}</p>
          <CreateForum onCreated={load.reload} onForbidden={() => setForbidden(true)} />
          {load.data.length === 0 ? (
            <p>{tx('noForums')}</p>
          ) : (
            <table className="table" data-testid="admin-forums">
              <caption className="visually-hidden">{tx('forumsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tx('forumName')}</th>
                  <th scope="col">{tx('forumType')}</th>
                  <th scope="col">{tx('memberCount')}</th>
                  <th scope="col">{jtx('label')}</th>
                </tr>
              </thead>
              <tbody>
                {load.data.map((f) => (
                  <tr key={f.id} data-forum-id={f.id}>
                    <th scope="row">{f.name}</th>
                    <td>{forumTypeLabel(t, f.type)}</td>
                    <td>{f.memberCount}</td>
                    <td>
                      {/* MN3: the forum's minutes are filed under this number unless a meeting has its own. */}
                      <details className="disclosure">
                        <summary data-testid="forum-journal-number">{f.journalNumber ?? jtx('none')}</summary>
                        <JournalNumberForm
                          save={(n) => api.admin.setForumJournalNumber(f.id, n)}
                          value={f.journalNumber}
                          onSaved={load.reload}
                          testId="forum-journal-number-form"
                        />
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

function CreateForum({ onCreated, onForbidden }: { onCreated: () => void; onForbidden: () => void }) {
  const tx = useAdminText();
  const t = useT();
  const id = useId();
  const [name, setName] = useState('');
  const [type, setType] = useState<ForumType>('SSD');
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const n = name.trim();
    setStatus(null);
    if (n.length < 2 || n.length > 120) {
      setNameError(tx('v.name'));
      return;
    }
    setNameError(null);
    setBusy(true);
    setError(null);
    try {
      await api.admin.createForum({ name: n, type });
      setName('');
      setStatus(tx('forumCreated'));
      onCreated();
    } catch (err) {
      if (statusOf(err) === 403) onForbidden();
      setError(tx(adminErrKey(codeOf(err))));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form form--card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-h`} data-testid="create-forum-form">
      <h2 id={`${id}-h`}>{tx('createForum')}</h2>
      <div className="form--row">
        <TextField id={`${id}-name`} label={tx('forumName')} value={name} onChange={setName} error={nameError} maxLength={120} required testId="forum-name" />
        <div className="field">
          <label htmlFor={`${id}-type`}>{tx('forumType')}</label>
          <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as ForumType)} data-testid="forum-type">
            {FORUM_TYPES.map((ft) => (
              <option key={ft} value={ft}>
                {forumTypeLabel(t, ft)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" aria-disabled={busy} data-testid="create-forum-submit">
          {tx('createForum')}
        </button>
      </div>
      <FormMessage error={error} status={status} />
    </form>
  );
}
