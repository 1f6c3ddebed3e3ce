/**
 * /c/:caseId/familie — the family's version of the plan (docs/SPEC.md, FA1-FA4). The chair writes it in short
 * Danish sentences with the readability figure LIX beside (aim under 35, computed by shared/lix.ts as it is
 * typed), saves it, shares it with the family and downloads it as a PDF; the members the identity rule lets see
 * the child read it. It shows the child's Three Houses as the case holds them, with the drawings.
 */
import { useId, useMemo, useState, type ReactNode } from 'react';
import {
  FAMILY_LIMITS,
  HOUSES,
  familyPlanProse,
  type FamilyContact,
  type FamilyPlanContent,
  type FamilyPlanView,
  type FamilyStep,
} from '../../../../shared/family.js';
import { LIX_AIM, lix, lixBand } from '../../../../shared/lix.js';
import { usePageTitle } from '../../app/AppShell.js';
import { useI18n } from '../../i18n/index.js';
import { api, ApiRequestError, errorCode } from '../../lib/api.js';
import { downloadFile } from '../../lib/download.js';
import { formatDateTime, formatDay } from '../../lib/format.js';
import { casePath, Link } from '../../lib/router.js';
import { useLoad } from '../../lib/useLoad.js';
import { newId } from '../case/yjs.js';
import { CprRefused, useCprRefusal } from '../privacy/index.js';
import { FAMILY_TEXT, HOUSE_LABELS, useFamilyText } from './text.js';
import './family.css';

export default function FamilyPlanPage({ caseId }: { caseId: string }) {
  const tx = useFamilyText();
  // Never the child's name: the title lands in browser history.
  usePageTitle(tx('pageTitle'));
  const plan = useLoad(() => api.family.plan(caseId), `family-plan-${caseId}`);

  let body: ReactNode;
  if (plan.status === 'loading') {
    body = (
      <p className="status-text" role="status">
        {tx('loading')}
      </p>
    );
  } else if (!plan.data) {
    body = <Refused error={plan.error} />;
  } else {
    body = <FamilyPlan key={plan.data.caseId} initial={plan.data} />;
  }
  return (
    <div className="page family-page">
      <p className="back-link">
        <Link href={casePath(caseId)}>← {tx('back')}</Link>
      </p>
      <h1>{tx('heading')}</h1>
      {body}
    </div>
  );
}

function Refused({ error }: { error: ApiRequestError | undefined }) {
  const tx = useFamilyText();
  const code = error?.code;
  const text =
    error?.status === 404
      ? tx('notFound')
      : code === 'basis_does_not_allow_identity'
        ? tx('refusedBasis')
        : code === 'consent_does_not_cover_sector'
          ? tx('refusedSector')
          : code === 'forbidden'
            ? tx('refusedGuest')
            : tx('loadError');
  return (
    <p className={error?.status === 409 || error?.status === 403 ? 'notice' : 'alert alert--error'} role="alert" data-testid="family-refused" data-code={code ?? ''}>
      {text}
    </p>
  );
}

type Message = { text: string; error: boolean; stale?: boolean } | null;

function FamilyPlan({ initial }: { initial: FamilyPlanView }) {
  const tx = useFamilyText();
  const { lang } = useI18n();
  const T = FAMILY_TEXT[lang];
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<FamilyPlanContent>(initial.content);
  const [dirty, setDirty] = useState(initial.saved === null);
  const [busy, setBusy] = useState<null | 'save' | 'share' | 'pdf'>(null);
  const [message, setMessage] = useState<Message>(null);
  const [pdfPct, setPdfPct] = useState<number | null>(null);
  const editable = view.canEdit;

  const score = useMemo(() => lix(familyPlanProse(draft)), [draft]);
  const change = (next: Partial<FamilyPlanContent>) => {
    setDraft((d) => ({ ...d, ...next }));
    setDirty(true);
    setMessage(null);
  };

  const reload = async () => {
    const fresh = await api.family.plan(view.caseId);
    setView(fresh);
    setDraft(fresh.content);
    setDirty(false);
    setMessage(null);
  };

  const failed = (err: unknown) => {
    const code = errorCode(err);
    if (code === 'stale_revision') setMessage({ text: tx('stale'), error: true, stale: true });
    else if (code === 'invalid_input') {
      const fields = err instanceof ApiRequestError && Array.isArray(err.details.fields) ? (err.details.fields as string[]).join(', ') : '';
      setMessage({ text: tx('invalid', { fields }), error: true });
    } else setMessage({ text: tx('saveError'), error: true });
  };

  /** Saves the draft if it changed; the revision the server holds now. */
  const saveIfDirty = async (): Promise<FamilyPlanView> => {
    if (!dirty) return view;
    const saved = await api.family.save(view.caseId, draft, view.saved?.revision ?? null);
    setView(saved);
    setDraft(saved.content);
    setDirty(false);
    return saved;
  };

  const save = async () => {
    setBusy('save');
    try {
      await saveIfDirty();
      setMessage({ text: tx('saved'), error: false });
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  };

  const share = async () => {
    setBusy('share');
    try {
      const saved = await saveIfDirty();
      setView(await api.family.share(saved.caseId, saved.saved!.revision));
      setMessage({ text: tx('shared'), error: false });
    } catch (err) {
      failed(err);
    } finally {
      setBusy(null);
    }
  };

  const pdf = async (meetingId?: string) => {
    setBusy('pdf');
    setPdfPct(0);
    try {
      if (editable && !meetingId) await saveIfDirty();
      await downloadFile(api.family.pdfUrl(view.caseId, meetingId), 'familiens-plan.pdf', (received, total) => setPdfPct(total > 0 ? Math.round((received / total) * 100) : null));
    } catch (err) {
      if (errorCode(err) === 'stale_revision' || errorCode(err) === 'invalid_input') failed(err);
      else setMessage({ text: tx('pdfError'), error: true });
    } finally {
      setBusy(null);
      setPdfPct(null);
    }
  };

  return (
    <div className="family" data-testid="family-plan">
      <p className="family__case">
        {tx('caseRef', { ref: view.reference })} · {view.forumName}
        {view.childName ? ` · ${view.childName}` : ''}
      </p>
      <p className="hint">{tx('intro')}</p>
      {view.status === 'CLOSED' && <p className="notice">{tx('closed')}</p>}
      {!view.canEdit && view.status === 'OPEN' && <p className="notice">{tx('readOnly')}</p>}

      <div className="family__status" data-testid="family-status">
        {view.saved ? (
          <p>{tx('savedBy', { when: formatDateTime(lang, view.saved.at), name: view.saved.by?.name ?? '–' })}</p>
        ) : (
          editable && <p>{tx('draftNote')}</p>
        )}
        {view.shared ? (
          <p data-testid="family-shared" data-revision={view.shared.revision}>
            <strong>{tx('sharedBy', { when: formatDateTime(lang, view.shared.at), name: view.shared.by?.name ?? '–' })}</strong>
          </p>
        ) : (
          <p data-testid="family-not-shared">{tx('notShared')}</p>
        )}
        {view.changedSinceShared && !dirty && <p className="alert alert--warning">{tx('changedSinceShared')}</p>}
      </div>

      <form
        className="family__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Section title={T.worries} hint={tx('worriesHint')} id="fam-worries">
          <ProseField id="fam-worries" value={draft.worries} readOnly={!editable} onChange={(worries) => change({ worries })} max={FAMILY_LIMITS.text} />
        </Section>
        <Section title={T.goingWell} hint={tx('goingWellHint')} id="fam-going-well">
          <ProseField id="fam-going-well" value={draft.goingWell} readOnly={!editable} onChange={(goingWell) => change({ goingWell })} max={FAMILY_LIMITS.text} />
        </Section>
        <Section title={T.steps} hint={tx('stepsHint')} id="fam-steps" group>
          <Steps steps={draft.steps} readOnly={!editable} onChange={(steps) => change({ steps })} />
        </Section>
        <Section title={T.nextMeeting} hint={tx('nextMeetingHint')} id="fam-next">
          <ProseField id="fam-next" value={draft.nextMeeting} readOnly={!editable} onChange={(nextMeeting) => change({ nextMeeting })} max={1000} rows={2} />
        </Section>
        <Section title={T.contacts} hint={tx('contactsHint')} id="fam-contacts" group>
          <Contacts contacts={draft.contacts} readOnly={!editable} onChange={(contacts) => change({ contacts })} />
        </Section>

        <div className="family__bar">
          {editable && <LixMeter score={score.score} />}
          <div className="form__actions">
          {editable && (
            <>
              <button type="submit" className="button" disabled={busy !== null} data-testid="family-save">
                {busy === 'save' ? tx('saving') : tx('save')}
              </button>
              <button type="button" className="button" disabled={busy !== null} onClick={() => void share()} data-testid="family-share" title={tx('shareConfirm')}>
                {tx('share')}
              </button>
            </>
          )}
          <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void pdf()} data-testid="family-pdf">
            {tx('pdf')}
          </button>
          </div>
          {busy === 'pdf' && (
            <p className="status-text" role="status">
              {tx('pdfProgress', { percent: pdfPct ?? 0 })}
            </p>
          )}
          {message && (
            <div className={message.error ? 'alert alert--error' : 'status-text'} role={message.error ? 'alert' : 'status'} data-testid="family-message">
              <p>{message.text}</p>
              {message.stale && (
                <button type="button" className="button button--secondary button--small" onClick={() => void reload()}>
                  {tx('reloadLatest')}
                </button>
              )}
            </div>
          )}
        </div>
      </form>

      <HousesView view={view} />

      {view.versions.length > 0 && (
        <section className="family__section" aria-labelledby="fam-versions">
          <h2 id="fam-versions">{tx('versions')}</h2>
          <ul className="plain-list" data-testid="family-versions">
            {view.versions.map((v) => (
              <li key={v.meetingId}>
                {tx('versionLine', { date: formatDay(lang, v.meetingStartsAt.slice(0, 10)) })}
                {v.shared ? ` · ${tx('versionShared')}` : ''} ·{' '}
                <button type="button" className="button button--secondary button--small" disabled={busy !== null} onClick={() => void pdf(v.meetingId)}>
                  {tx('pdf')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** LIX as the chair types, with the aim (FA3). */
function LixMeter({ score }: { score: number | null }) {
  const tx = useFamilyText();
  const rounded = score === null ? null : Math.round(score);
  const over = rounded !== null && rounded >= LIX_AIM;
  return (
    <div className={`lix${over ? ' lix--over' : ''}`} data-testid="family-lix" data-score={rounded ?? ''} aria-live="polite">
      <span className="lix__label">{tx('lixLabel')}</span>{' '}
      <strong className="lix__value" data-testid="family-lix-value">
        {rounded === null ? tx('lixEmpty') : tx('lixValue', { score: rounded, band: tx(`band.${lixBand(score!)}`) })}
      </strong>{' '}
      <span className="lix__aim" data-testid="family-lix-aim">
        {tx('lixAim', { aim: LIX_AIM })}
      </span>
      {over && <p className="lix__advice">{tx('lixOver')}</p>}
    </div>
  );
}

function Section({ title, hint, id, group, children }: { title: string; hint: string; id: string; group?: boolean; children: ReactNode }) {
  return (
    <section className="family__section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{group ? title : <label htmlFor={id}>{title}</label>}</h2>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {children}
    </section>
  );
}

function ProseField({ id, value, readOnly, onChange, max, rows = 4 }: { id: string; value: string; readOnly: boolean; onChange: (v: string) => void; max: number; rows?: number }) {
  const { refused, guard } = useCprRefusal();
  return (
    <div className="field">
      <textarea id={id} rows={rows} maxLength={max} value={value} readOnly={readOnly} aria-describedby={`${id}-hint`} data-testid={id} onChange={(e) => guard(e.target.value, onChange)} />
      <CprRefused refused={refused} />
    </div>
  );
}

function Steps({ steps, readOnly, onChange }: { steps: FamilyStep[]; readOnly: boolean; onChange: (s: FamilyStep[]) => void }) {
  const tx = useFamilyText();
  const { refused, guard } = useCprRefusal();
  const set = (i: number, patch: Partial<FamilyStep>) => onChange(steps.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  return (
    <>
      <ol className="family__rows" data-testid="fam-steps">
        {steps.map((s, i) => (
          <li key={s.id} className="family__row family__row--step">
            <div className="field field--compact">
              <label htmlFor={`step-what-${s.id}`}>{tx('stepWhat')}</label>
              <textarea id={`step-what-${s.id}`} rows={2} maxLength={1000} value={s.what} readOnly={readOnly} onChange={(e) => guard(e.target.value, (what) => set(i, { what }))} />
            </div>
            <div className="field field--compact">
              <label htmlFor={`step-who-${s.id}`}>{tx('stepWho')}</label>
              <input id={`step-who-${s.id}`} maxLength={200} value={s.who} readOnly={readOnly} autoComplete="off" onChange={(e) => guard(e.target.value, (who) => set(i, { who }))} />
            </div>
            <div className="field field--compact field--narrow">
              <label htmlFor={`step-when-${s.id}`}>{tx('stepWhen')}</label>
              <input id={`step-when-${s.id}`} type="date" value={s.dueDate ?? ''} readOnly={readOnly} onChange={(e) => set(i, { dueDate: e.target.value || null })} />
            </div>
            {!readOnly && (
              <button type="button" className="icon-button icon-button--danger" aria-label={tx('stepRemove', { n: i + 1 })} onClick={() => onChange(steps.filter((_, k) => k !== i))}>
                ✕
              </button>
            )}
          </li>
        ))}
      </ol>
      <CprRefused refused={refused} />
      {!readOnly && steps.length < FAMILY_LIMITS.steps && (
        <button type="button" className="button button--secondary button--small" onClick={() => onChange([...steps, { id: newId(), who: '', what: '', dueDate: null }])}>
          {tx('stepAdd')}
        </button>
      )}
    </>
  );
}

function Contacts({ contacts, readOnly, onChange }: { contacts: FamilyContact[]; readOnly: boolean; onChange: (c: FamilyContact[]) => void }) {
  const tx = useFamilyText();
  const { refused, guard } = useCprRefusal();
  const set = (i: number, patch: Partial<FamilyContact>) => onChange(contacts.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  return (
    <>
      <ul className="family__rows" data-testid="fam-contacts">
        {contacts.map((c, i) => (
          <li key={c.id} className="family__row">
            <div className="field field--compact">
              <label htmlFor={`contact-name-${c.id}`}>{tx('contactName')}</label>
              <input id={`contact-name-${c.id}`} maxLength={200} value={c.name} readOnly={readOnly} autoComplete="off" onChange={(e) => guard(e.target.value, (name) => set(i, { name }))} />
            </div>
            <div className="field field--compact">
              <label htmlFor={`contact-role-${c.id}`}>{tx('contactRole')}</label>
              <input id={`contact-role-${c.id}`} maxLength={200} value={c.role} readOnly={readOnly} autoComplete="off" onChange={(e) => guard(e.target.value, (role) => set(i, { role }))} />
            </div>
            <div className="field field--compact field--narrow">
              <label htmlFor={`contact-phone-${c.id}`}>{tx('contactPhone')}</label>
              <input
                id={`contact-phone-${c.id}`}
                type="tel"
                maxLength={FAMILY_LIMITS.phone}
                value={c.phone}
                readOnly={readOnly}
                autoComplete="off"
                onChange={(e) => set(i, { phone: e.target.value.replace(/[^0-9 +()-]/g, '') })}
              />
            </div>
            {!readOnly && (
              <button type="button" className="icon-button icon-button--danger" aria-label={tx('contactRemove', { n: i + 1 })} onClick={() => onChange(contacts.filter((_, k) => k !== i))}>
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
      <CprRefused refused={refused} />
      {!readOnly && contacts.length < FAMILY_LIMITS.contacts && (
        <button type="button" className="button button--secondary button--small" onClick={() => onChange([...contacts, { id: newId(), name: '', role: '', phone: '' }])}>
          {tx('contactAdd')}
        </button>
      )}
    </>
  );
}

/** The child's Three Houses as the case holds them now, with the drawings (read only here). */
function HousesView({ view }: { view: FamilyPlanView }) {
  const tx = useFamilyText();
  const { lang } = useI18n();
  const h = view.houses;
  const headingId = useId();
  return (
    <section className="family__section family__houses" aria-labelledby={headingId} data-testid="family-houses">
      <h2 id={headingId}>{tx('housesHeading')}</h2>
      <p className="hint">{tx('housesNote')}</p>
      {h.talks.length > 0 && (
        <p>
          {tx('talks')}: {h.talks.map((t) => [t.by, t.on ? formatDay(lang, t.on) : null].filter(Boolean).join(', ')).join('; ')}
        </p>
      )}
      {h.legacyVoice.trim() && (
        <div className="house house--legacy">
          <h3 className="house__name">{FAMILY_TEXT[lang].legacyVoice}</h3>
          <blockquote className="house__words">{h.legacyVoice}</blockquote>
        </div>
      )}
      <div className="houses__grid">
        {HOUSES.map((house) => {
          const drawing = h.drawings[house];
          const name = HOUSE_LABELS[lang][house].name;
          return (
            <div key={house} className={`house house--${house}`} data-testid={`family-house-${house}`}>
              <h3 className="house__name">
                <span className="house__roof" aria-hidden="true" />
                {name}
              </h3>
              {h[house].trim() ? <blockquote className="house__words">{h[house]}</blockquote> : <p className="status-text">{tx('noWords')}</p>}
              {drawing && <img className="house__image" src={drawing.url} alt={tx('drawingAlt', { house: name })} width={drawing.width} height={drawing.height} />}
            </div>
          );
        })}
      </div>
    </section>
  );
}
