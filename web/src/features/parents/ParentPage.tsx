/**
 * /foraelder#<token> (docs/SPEC.md, PA2-PA6): a parent signs in with the code mailed to them and reads their own
 * child's family version, the Three Houses, the next meeting and (polled, no socket) whether the meeting talks
 * about their child now; they add their words, answer the plan and give or withdraw consent. The token is taken
 * from the address's fragment into memory and removed from the address bar; nothing is kept in browser storage.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { FAMILY_TEXT, HOUSE_LABELS, HOUSES } from '../../../../shared/family.js';
import { useI18n } from '../../i18n/index.js';
import { errorCode } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { parentsApi, type ParentMeetingState, type ParentView } from './api.js';
import { fill, PARENT_TEXT, type ParentTextKey } from './texts.js';
import { SiteFooter } from '../accessibility/AccessibilityPage.js';

const takeToken = (): string => {
  const token = window.location.hash.replace(/^#/, '');
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return /^[A-Za-z0-9_-]{10,100}$/.test(token) ? token : '';
};

export default function ParentPage() {
  const { lang } = useI18n();
  const t = (key: ParentTextKey, vars?: Record<string, string>) => fill(PARENT_TEXT[lang][key], vars);
  const [token] = useState(takeToken);
  const [view, setView] = useState<ParentView | null>(null);
  const [checked, setChecked] = useState(false);

  const load = useCallback(async () => {
    try {
      setView(await parentsApi.view());
    } catch {
      setView(null);
    }
    setChecked(true);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.title = PARENT_TEXT[lang].title;
  }, [lang]);

  return (
    <>
      <main className="page" id="main">
        <h1>{t('title')}</h1>
        {!checked ? null : view ? (
          <ParentFamilyView view={view} onChanged={load} onSignedOut={() => setView(null)} />
        ) : (
          <SignIn token={token} onSignedIn={load} />
        )}
      </main>
      <SiteFooter />
    </>
  );
}

function SignIn({ token, onSignedIn }: { token: string; onSignedIn: () => void }) {
  const { lang } = useI18n();
  const t = (key: ParentTextKey) => PARENT_TEXT[lang][key];
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ParentTextKey | null>(null);
  if (!token) return <p className="alert alert--error" role="alert">{t('noToken')}</p>;
  const why = (err: unknown): ParentTextKey => {
    const code = errorCode(err);
    return code === 'invitation_invalid' ? 'invalid' : code === 'wrong_code' ? 'wrongCode' : code === 'too_many_attempts' ? 'tooMany' : 'error';
  };
  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await parentsApi.start(token, email);
      setSent(true);
    } catch (err) {
      setError(why(err));
    }
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await parentsApi.verify(token, email, code);
      onSignedIn();
    } catch (err) {
      setError(why(err));
    }
  };
  return (
    <section aria-labelledby="parent-sign-in">
      <h2 id="parent-sign-in">{t('signInTitle')}</h2>
      <p>{t('intro')}</p>
      <form onSubmit={start} className="form">
        <label htmlFor="parent-email">{t('email')}</label>
        <input id="parent-email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <button type="submit" className="button">
          {t('sendCode')}
        </button>
      </form>
      {sent && (
        <>
          <p role="status">{t('codeSent')}</p>
          <form onSubmit={verify} className="form">
            <label htmlFor="parent-code">{t('code')}</label>
            <input id="parent-code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required value={code} onChange={(e) => setCode(e.target.value.trim())} />
            <button type="submit" className="button">
              {t('signIn')}
            </button>
          </form>
        </>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {t(error)}
        </p>
      )}
    </section>
  );
}

function ParentFamilyView({ view, onChanged, onSignedOut }: { view: ParentView; onChanged: () => void; onSignedOut: () => void }) {
  const { lang } = useI18n();
  const t = (key: ParentTextKey, vars?: Record<string, string>) => fill(PARENT_TEXT[lang][key], vars);
  const f = FAMILY_TEXT[lang];
  const [meeting, setMeeting] = useState<ParentMeetingState | null>(null);
  const [words, setWords] = useState(view.words?.text ?? '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ParentTextKey | null>(null);

  useEffect(() => {
    let stop = false;
    const poll = async () => {
      try {
        const m = await parentsApi.meeting();
        if (!stop) setMeeting(m);
      } catch {
        /* signed out or offline: the next poll tries again */
      }
    };
    void poll();
    const timer = window.setInterval(poll, 15_000);
    return () => {
      stop = true;
      window.clearInterval(timer);
    };
  }, []);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      onChanged();
    } catch (err) {
      setError(errorCode(err) === 'cpr_not_allowed' ? 'cpr' : 'error');
    }
  };
  const c = view.shared?.content;
  return (
    <>
      {meeting?.current === 'ours' && (
        <p className="alert" role="status">
          {t('meetingNow')}
        </p>
      )}
      {meeting?.current === 'other' && <p role="status">{t('meetingOther')}</p>}
      {view.nextMeeting && (
        <section aria-labelledby="parent-meeting">
          <h2 id="parent-meeting">{f.nextMeeting}</h2>
          <p>
            {formatDateTime(lang, view.nextMeeting.startsAt)}
            {view.nextMeeting.place ? ` · ${t('place', { place: view.nextMeeting.place })}` : ''}
          </p>
        </section>
      )}
      {!c ? (
        <p>{t('notShared')}</p>
      ) : (
        <article aria-labelledby="parent-plan" data-testid="parent-plan">
          <h2 id="parent-plan">{f.forYourChild}</h2>
          <h3>{f.worries}</h3>
          <p>{c.worries || f.nothing}</p>
          <h3>{f.goingWell}</h3>
          <p>{c.goingWell || f.nothing}</p>
          <h3>{f.steps}</h3>
          <ul>
            {c.steps.map((s) => (
              <li key={s.id}>
                {s.what}
                {s.who ? ` – ${s.who}` : ''}
                {s.dueDate ? ` (${fill(f.by, { date: s.dueDate })})` : ''}
              </li>
            ))}
          </ul>
          <h3>{f.nextMeeting}</h3>
          <p>{c.nextMeeting || f.nothing}</p>
          <h3>{f.contacts}</h3>
          <ul>
            {c.contacts.map((p) => (
              <li key={p.id}>
                {p.name}
                {p.role ? `, ${p.role}` : ''}
                {p.phone ? `, ${p.phone}` : ''}
              </li>
            ))}
          </ul>
          {view.houses && (
            <>
              <h3>{f.houses}</h3>
              {HOUSES.map((h) => (
                <div key={h}>
                  <h4>{HOUSE_LABELS[lang][h].name}</h4>
                  <p>{view.houses![h] || f.nothing}</p>
                  {view.houses!.drawings[h] && <img src={view.houses!.drawings[h]!.url} alt={`${f.drawing}: ${HOUSE_LABELS[lang][h].name}`} width={240} />}
                </div>
              ))}
            </>
          )}
        </article>
      )}
      <section aria-labelledby="parent-words">
        <h2 id="parent-words">{t('wordsTitle')}</h2>
        <p className="muted">{t('wordsHint')}</p>
        <label htmlFor="parent-words-text" className="visually-hidden">
          {t('wordsTitle')}
        </label>
        <textarea id="parent-words-text" rows={5} value={words} onChange={(e) => setWords(e.target.value)} />
        <button type="button" className="button" onClick={() => act(() => parentsApi.words(words))}>
          {t('save')}
        </button>
        {view.words && <p role="status">{t('saved', { date: formatDateTime(lang, view.words.at) })}</p>}
      </section>
      {view.shared && (
        <section aria-labelledby="parent-answer">
          <h2 id="parent-answer">{t('answerTitle')}</h2>
          {view.answer && (
            <p>
              {t('answered', { date: formatDateTime(lang, view.answer.at), answer: view.answer.accepted ? t('agreed') : `${t('commented')}: ${view.answer.comment ?? ''}` })}
            </p>
          )}
          <button type="button" className="button" onClick={() => act(() => parentsApi.answer(view.shared!.revision, true))}>
            {t('accept')}
          </button>
          <label htmlFor="parent-comment">{t('comment')}</label>
          <textarea id="parent-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="button" className="button button--secondary" disabled={!comment.trim()} onClick={() => act(() => parentsApi.answer(view.shared!.revision, false, comment))}>
            {t('sendComment')}
          </button>
        </section>
      )}
      <section aria-labelledby="parent-consent">
        <h2 id="parent-consent">{t('consentTitle')}</h2>
        {view.consent.scope && <p>{t('consentScope', { scope: view.consent.scope })}</p>}
        {view.consent.latest && (
          <p role="status">{t(view.consent.latest.given ? 'consentGiven' : 'consentWithdrawn', { date: formatDateTime(lang, view.consent.latest.at) })}</p>
        )}
        <button type="button" className="button button--secondary" onClick={() => act(() => parentsApi.consent(true))}>
          {t('giveConsent')}
        </button>{' '}
        <button type="button" className="button button--secondary" onClick={() => act(() => parentsApi.consent(false))}>
          {t('withdrawConsent')}
        </button>
      </section>
      {error && (
        <p className="alert alert--error" role="alert">
          {t(error)}
        </p>
      )}
      <p>
        <button
          type="button"
          className="button button--secondary"
          onClick={async () => {
            await parentsApi.signOut().catch(() => {});
            onSignedOut();
          }}
        >
          {t('signOut')}
        </button>
      </p>
    </>
  );
}
