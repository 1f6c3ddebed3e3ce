/**
 * The chair's "Forældre deltager" on the meeting page (docs/SPEC.md, PA1, PA7): per case on the agenda whose family
 * version may be read, the invitations with the parents' words, answers and consent; the chair invites a custody
 * holder or a young person from 15 (confirmed) and gets the link to hand over. Cases without a basis that names the
 * child show nothing.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { MeetingDetail } from '../../../../shared/api.js';
import { useI18n } from '../../i18n/index.js';
import { api, errorCode } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import type { InvitationView, ParentLanguage, ParentRoleName } from './api.js';
import { usePanelText } from './text.js';

export function ParentsPanel({ meeting }: { meeting: MeetingDetail }) {
  const t = usePanelText();
  if (!meeting.isChair || meeting.status === 'CLOSED') return null;
  return (
    <section aria-labelledby="parents-title" className="card" data-testid="parents-panel">
      <h2 id="parents-title">{t('title')}</h2>
      {meeting.agenda.map((item) => (
        <CaseParents key={item.id} caseId={item.case.id} reference={item.case.reference} meetingId={meeting.id} />
      ))}
    </section>
  );
}

function CaseParents({ caseId, reference, meetingId }: { caseId: string; reference: string; meetingId: string }) {
  const { lang } = useI18n();
  const t = usePanelText();
  const [list, setList] = useState<{ invitations: InvitationView[]; canInvite: boolean } | null>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ParentRoleName>('CUSTODY_HOLDER');
  const [fifteen, setFifteen] = useState(false);
  const [language, setLanguage] = useState<ParentLanguage>('da');
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState(false);
  const load = useCallback(() => {
    api.parents.invitations(caseId).then(setList, () => setList(null));
  }, [caseId]);
  useEffect(load, [load]);
  // No family part (the basis does not name the child) or not ours to see: nothing for this case.
  if (!list || (!list.canInvite && list.invitations.length === 0)) return null;
  const id = `parents-${caseId}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(false);
    try {
      const created = await api.parents.invite(caseId, { name, email, role, ...(role === 'YOUNG_PERSON' ? { confirmedFifteen: fifteen } : {}), meetingId, language });
      setLink(created.link);
      setName('');
      setEmail('');
      setLanguage('da');
      load();
    } catch (err) {
      setError(!!errorCode(err));
    }
  };
  return (
    <div data-testid="case-parents" data-case-id={caseId}>
      <h3>{reference}</h3>
      <ul>
        {list.invitations.map((inv) => (
          <li key={inv.id}>
            {inv.name} ({t(inv.role)}{inv.language === 'en' ? `, ${t('inEnglish')}` : ''}) –{' '}
            {inv.status === 'open' ? t('open', { date: formatDateTime(lang, inv.expiresAt) }) : t(inv.status)}
            {inv.mitid && (
              <p data-testid="parent-mitid">
                {inv.mitid.name ? t('mitid', { name: inv.mitid.name, date: formatDateTime(lang, inv.mitid.at) }) : t('mitidNoName', { date: formatDateTime(lang, inv.mitid.at) })}
              </p>
            )}
            {inv.words && (
              <p>
                <strong>{t('words')}:</strong> {inv.words.text}
              </p>
            )}
            {inv.answers.map((a) => (
              <p key={a.revision}>{a.accepted ? t('accepted', { revision: a.revision }) : t('commented', { revision: a.revision, comment: a.comment ?? '' })}</p>
            ))}
            {inv.consents.length > 0 && <p>{inv.consents[inv.consents.length - 1]!.given ? t('consentGiven') : t('consentWithdrawn')}</p>}
            {list.canInvite && inv.status === 'open' && (
              <button type="button" className="button button--secondary" onClick={() => api.parents.revoke(inv.id).then(load, () => {})}>
                {t('revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {list.canInvite && (
        <form onSubmit={submit} className="form" aria-label={`${t('invite')} – ${reference}`}>
          <label htmlFor={`${id}-name`}>{t('name')}</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={`${id}-email`}>{t('email')}</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <label htmlFor={`${id}-role`}>{t('role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as ParentRoleName)}>
            <option value="CUSTODY_HOLDER">{t('CUSTODY_HOLDER')}</option>
            <option value="YOUNG_PERSON">{t('YOUNG_PERSON')}</option>
          </select>
          {role === 'YOUNG_PERSON' && (
            <label>
              <input type="checkbox" required checked={fifteen} onChange={(e) => setFifteen(e.target.checked)} /> {t('fifteen')}
            </label>
          )}
          <label htmlFor={`${id}-language`}>{t('language')}</label>
          <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'da')}>
            <option value="da">{t('da')}</option>
            <option value="en">{t('en')}</option>
          </select>
          <button type="submit" className="button">
            {t('invite')}
          </button>
        </form>
      )}
      {link && (
        <p role="status">
          {t('link')} <code data-testid="parent-link">{link}</code>
        </p>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {t('error')}
        </p>
      )}
    </div>
  );
}
