/**
 * /foraelder#<token> (docs/SPEC.md, PA2-PA6, PA10, PA11): a parent signs in with MitID through the parents' broker
 * (where one is configured) or with the code mailed to them, and reads their own child's family version, the Three
 * Houses, the next meeting and (polled, no socket) whether the meeting talks about their child now; they add their
 * words, answer the plan and give or withdraw consent. The page speaks the invitation's language. The token is taken
 * from the address's fragment into memory and removed from the address bar; nothing is kept in browser storage.
 * After a refused MitID sign-in the server sends the browser back to /foraelder?mitid=<reason>[&lang=en], which is
 * read once and removed too.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { FAMILY_TEXT, HOUSE_LABELS, HOUSES } from '../../../../shared/family.js';
import { useI18n } from '../../i18n/index.js';
import { api, errorCode } from '../../lib/api.js';
import { formatDateTime, formatDay } from '../../lib/format.js';
import { SiteFooter } from '../accessibility/AccessibilityPage.js';
import type { ParentLanguage, ParentMeetingState, ParentView } from './api.js';
import { useParentText, type ParentTextKey } from './text.js';

const MITID_OUTCOMES: Record<string, ParentTextKey> = { 'other-person': 'mitidOtherPerson', invalid: 'invalid', refused: 'mitidRefused', unavailable: 'mitidUnavailable' };

/** What the address brought: the invitation's token (fragment) or a refused MitID sign-in (query); then cleared. */
function takeAddress(): { token: string; mitid: ParentTextKey | null; lang: ParentLanguage | null } {
  const hash = window.location.hash.replace(/^#/, '');
  const query = new URLSearchParams(window.location.search);
  if (hash || window.location.search) window.history.replaceState(null, '', window.location.pathname);
  return {
    token: /^[A-Za-z0-9_-]{10,100}$/.test(hash) ? hash : '',
    mitid: MITID_OUTCOMES[query.get('mitid') ?? ''] ?? null,
    lang: query.get('lang') === 'en' ? 'en' : null,
  };
}

export default function ParentPage() {
  const { setLang } = useI18n();
  const t = useParentText();
  const [address] = useState(takeAddress);
  const [view, setView] = useState<ParentView | null>(null);
  const [checked, setChecked] = useState(false);

  const load = useCallback(async () => {
    try {
      const v = await api.parents.view();
      setLang(v.invitation.language); // PA11: the invitation's language
      setView(v);
    } catch {
      setView(null);
    }
    setChecked(true);
  }, [setLang]);
  useEffect(() => {
    if (address.lang) setLang(address.lang);
    void load();
  }, [load, address.lang, setLang]);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  return (
    <>
      <main className="page" id="main">
        <h1>{t('title')}</h1>
        {!checked ? null : view ? (
          <ParentFamilyView view={view} onChanged={load} onSignedOut={() => setView(null)} />
        ) : (
          <SignIn token={address.token} mitidOutcome={address.mitid} onSignedIn={load} />
        )}
      </main>
      <SiteFooter />
    </>
  );
}

/** The words for a refused sign-in. */
function why(err: unknown): ParentTextKey {
  const c = errorCode(err);
  return c === 'invitation_invalid' ? 'invalid' : c === 'wrong_code' ? 'wrongCode' : c === 'too_many_attempts' ? 'tooMany' : c === 'mitid_unavailable' ? 'mitidUnavailable' : 'error';
}

function SignIn({ token, mitidOutcome, onSignedIn }: { token: string; mitidOutcome: ParentTextKey | null; onSignedIn: () => void }) {
  const { setLang } = useI18n();
  const t = useParentText();
  const [info, setInfo] = useState<{ mitid: boolean } | null>(null);
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ParentTextKey | null>(null);
  // The invitation's language and whether MitID is offered, before anyone has signed in.
  useEffect(() => {
    if (!token) return;
    api.parents.info(token).then(
      (i) => {
        setLang(i.language);
        setInfo({ mitid: i.mitid });
      },
      (err) => {
        setInfo({ mitid: false });
        setError(why(err));
      },
    );
  }, [token, setLang]);
  if (!token) {
    return (
      <p className="alert alert--error" role="alert">
        {t(mitidOutcome ?? 'noToken')}
      </p>
    );
  }
  if (!info) return null;
  const start = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.parents.start(token, email);
      setSent(true);
    } catch (err) {
      setError(why(err));
    }
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.parents.verify(token, email, code);
      onSignedIn();
    } catch (err) {
      setError(why(err));
    }
  };
  const mitid = async () => {
    setError(null);
    setBusy(true);
    try {
      const { url } = await api.parents.mitidStart(token);
      window.location.assign(url); // to the broker; it sends the browser back to /api/parent/mitid/callback
    } catch (err) {
      setBusy(false);
      setError(why(err));
    }
  };
  return (
    <section aria-labelledby="parent-sign-in">
      <h2 id="parent-sign-in">{t('signInTitle')}</h2>
      <p>{info.mitid ? t('intro') : t('introCode')}</p>
      {info.mitid && (
        <section aria-labelledby="parent-mitid" className="parent-sign-in__way">
          <h3 id="parent-mitid">{t('mitidTitle')}</h3>
          <p className="muted" id="parent-mitid-hint">
            {t('mitidHint')}
          </p>
          <button type="button" className="button" onClick={mitid} disabled={busy} aria-describedby="parent-mitid-hint">
            {t('mitid')}
          </button>
        </section>
      )}
      <section aria-labelledby="parent-code-title" className="parent-sign-in__way">
        {info.mitid && <h3 id="parent-code-title">{t('codeTitle')}</h3>}
        <form onSubmit={start} className="form" aria-labelledby={info.mitid ? 'parent-code-title' : 'parent-sign-in'}>
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
      </section>
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
  const t = useParentText();
  const f = FAMILY_TEXT[lang];
  const [meeting, setMeeting] = useState<ParentMeetingState | null>(null);
  const [words, setWords] = useState(view.words?.text ?? '');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ParentTextKey | null>(null);

  useEffect(() => {
    let stop = false;
    const poll = async () => {
      try {
        const m = await api.parents.meeting();
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
                {s.dueDate ? ` (${f.by.replace('{date}', formatDay(lang, s.dueDate))})` : ''}
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
        <button type="button" className="button" onClick={() => act(() => api.parents.words(words))}>
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
          <button type="button" className="button" onClick={() => act(() => api.parents.answer(view.shared!.revision, true))}>
            {t('accept')}
          </button>
          <label htmlFor="parent-comment">{t('comment')}</label>
          <textarea id="parent-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="button" className="button button--secondary" disabled={!comment.trim()} onClick={() => act(() => api.parents.answer(view.shared!.revision, false, comment))}>
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
        <button type="button" className="button button--secondary" onClick={() => act(() => api.parents.consent(true))}>
          {t('giveConsent')}
        </button>{' '}
        <button type="button" className="button button--secondary" onClick={() => act(() => api.parents.consent(false))}>
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
            await api.parents.signOut().catch(() => {});
            onSignedOut();
          }}
        >
          {t('signOut')}
        </button>
      </p>
    </>
  );
}
