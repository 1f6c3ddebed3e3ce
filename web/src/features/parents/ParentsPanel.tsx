/**
 * The chair's "Forældre deltager" on the meeting page (docs/SPEC.md, PA1, PA7): per case on the agenda whose family
 * version may be read, the invitations with the parents' words, answers and consent; the chair invites a custody
 * holder or a young person from 15 (confirmed) and gets the link to hand over. Cases without a basis that names the
 * child show nothing.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { MeetingDetail } from '../../../../shared/api.js';
import { useI18n } from '../../i18n/index.js';
import { errorCode } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { parentsApi, type InvitationView, type ParentRoleName } from './api.js';

const TEXT = {
  da: {
    title: 'Forældre deltager',
    invite: 'Inviter',
    name: 'Navn (som forælderen kalder sig)',
    email: 'E-mail',
    role: 'Rolle',
    CUSTODY_HOLDER: 'Forældremyndighedsindehaver',
    YOUNG_PERSON: 'Den unge (15 år eller ældre)',
    fifteen: 'Jeg har sikret mig, at den unge er fyldt 15 år',
    link: 'Invitationen er sendt på e-mail. Du kan også give dette link:',
    words: 'Forældrenes perspektiv',
    accepted: 'Enig i planen (version {revision})',
    commented: 'Kommentar til planen (version {revision}): {comment}',
    consentGiven: 'Samtykke givet',
    consentWithdrawn: 'Samtykke trukket tilbage',
    revoke: 'Træk tilbage',
    open: 'aktiv til {date}',
    expired: 'udløbet',
    revoked: 'trukket tilbage',
    error: 'Invitationen kunne ikke sendes.',
  },
  en: {
    title: 'Parents taking part',
    invite: 'Invite',
    name: 'Name (as the parent calls themself)',
    email: 'E-mail',
    role: 'Role',
    CUSTODY_HOLDER: 'Custody holder',
    YOUNG_PERSON: 'The young person (15 or older)',
    fifteen: 'I have made sure the young person is 15 or older',
    link: 'The invitation was sent by e-mail. You can also hand over this link:',
    words: "The parents' perspective",
    accepted: 'Agrees with the plan (version {revision})',
    commented: 'Comment on the plan (version {revision}): {comment}',
    consentGiven: 'Consent given',
    consentWithdrawn: 'Consent withdrawn',
    revoke: 'Withdraw',
    open: 'open until {date}',
    expired: 'expired',
    revoked: 'withdrawn',
    error: 'The invitation could not be sent.',
  },
} as const;

const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => v[k] ?? '');

export function ParentsPanel({ meeting }: { meeting: MeetingDetail }) {
  const { lang } = useI18n();
  if (!meeting.isChair || meeting.status === 'CLOSED') return null;
  return (
    <section aria-labelledby="parents-title" className="card" data-testid="parents-panel">
      <h2 id="parents-title">{TEXT[lang].title}</h2>
      {meeting.agenda.map((item) => (
        <CaseParents key={item.id} caseId={item.case.id} reference={item.case.reference} meetingId={meeting.id} />
      ))}
    </section>
  );
}

function CaseParents({ caseId, reference, meetingId }: { caseId: string; reference: string; meetingId: string }) {
  const { lang } = useI18n();
  const t = TEXT[lang];
  const [list, setList] = useState<{ invitations: InvitationView[]; canInvite: boolean } | null>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ParentRoleName>('CUSTODY_HOLDER');
  const [fifteen, setFifteen] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState(false);
  const load = useCallback(() => {
    parentsApi.invitations(caseId).then(setList, () => setList(null));
  }, [caseId]);
  useEffect(load, [load]);
  // No family part (the basis does not name the child) or not ours to see: nothing for this case.
  if (!list || (!list.canInvite && list.invitations.length === 0)) return null;
  const id = `parents-${caseId}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(false);
    try {
      const created = await parentsApi.invite(caseId, { name, email, role, ...(role === 'YOUNG_PERSON' ? { confirmedFifteen: fifteen } : {}), meetingId });
      setLink(created.link);
      setName('');
      setEmail('');
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
            {inv.name} ({t[inv.role]}) – {inv.status === 'open' ? fill(t.open, { date: formatDateTime(lang, inv.expiresAt) }) : t[inv.status]}
            {inv.words && (
              <p>
                <strong>{t.words}:</strong> {inv.words.text}
              </p>
            )}
            {inv.answers.map((a) => (
              <p key={a.revision}>{a.accepted ? fill(t.accepted, { revision: String(a.revision) }) : fill(t.commented, { revision: String(a.revision), comment: a.comment ?? '' })}</p>
            ))}
            {inv.consents.length > 0 && <p>{inv.consents[inv.consents.length - 1]!.given ? t.consentGiven : t.consentWithdrawn}</p>}
            {list.canInvite && inv.status === 'open' && (
              <button type="button" className="button button--secondary" onClick={() => parentsApi.revoke(inv.id).then(load, () => {})}>
                {t.revoke}
              </button>
            )}
          </li>
        ))}
      </ul>
      {list.canInvite && (
        <form onSubmit={submit} className="form" aria-label={`${t.invite} – ${reference}`}>
          <label htmlFor={`${id}-name`}>{t.name}</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={`${id}-email`}>{t.email}</label>
          <input id={`${id}-email`} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <label htmlFor={`${id}-role`}>{t.role}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as ParentRoleName)}>
            <option value="CUSTODY_HOLDER">{t.CUSTODY_HOLDER}</option>
            <option value="YOUNG_PERSON">{t.YOUNG_PERSON}</option>
          </select>
          {role === 'YOUNG_PERSON' && (
            <label>
              <input type="checkbox" required checked={fifteen} onChange={(e) => setFifteen(e.target.checked)} /> {t.fifteen}
            </label>
          )}
          <button type="submit" className="button">
            {t.invite}
          </button>
        </form>
      )}
      {link && (
        <p role="status">
          {t.link} <code data-testid="parent-link">{link}</code>
        </p>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {t.error}
        </p>
      )}
    </div>
  );
}
