/**
 * "Søg i sager": the results of the header's search (docs/SPEC.md, SE11) with its filters. Results are links to
 * the cases with highlighted snippets; the count is announced to screen readers. Nothing of the search goes into
 * the URL or browser storage.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { usePageTitle } from '../../app/AppShell.js';
import { useSession } from '../../app/session.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { api, ApiRequestError, isUnauthorized } from '../../lib/api.js';
import { formatDay, todayInCopenhagen } from '../../lib/format.js';
import { casePath, Link } from '../../lib/router.js';
import { Snippet } from './Snippet.js';
import { setSearch, useSearchState } from './store.js';
import { useSearchText } from './text.js';
import type { SearchField, SearchFilters, SearchHit, SearchResponse } from './types.js';
import './search.css';

const FIELD_LABEL: Record<Exclude<SearchField, 'houses'>, MessageKey> = {
  concern: 'case.concern',
  sos: 'case.sos',
  voice: 'case.voice',
  network: 'case.network',
  actions: 'case.actions',
};

type Load =
  | { status: 'idle' }
  | { status: 'loading'; previous: SearchResponse | null }
  | { status: 'ready'; data: SearchResponse }
  | { status: 'error'; message: string };

export function SearchPage() {
  const tx = useSearchText();
  const { t } = useI18n();
  const { sessionEnded } = useSession();
  usePageTitle(tx('title'));
  const search = useSearchState();
  const [term, setTerm] = useState(search.q);
  const [filters, setFilters] = useState<SearchFilters>(search.filters);
  const [load, setLoad] = useState<Load>({ status: 'idle' });
  const [tooShort, setTooShort] = useState(false);
  const [options, setOptions] = useState<Pick<SearchResponse, 'forums' | 'levelLabels'> | null>(null);
  const request = useRef(0);
  const termId = useId();
  const hintId = useId();
  const errorId = useId();

  const fail = (err: unknown) => {
    if (isUnauthorized(err)) sessionEnded();
    let message = tx('error');
    if (err instanceof ApiRequestError && err.status === 429) {
      message = tx('throttled', { s: Number(err.details.retryAfterSeconds) || 10 });
    } else if (err instanceof ApiRequestError && err.status === 400) message = tx('invalid');
    setLoad({ status: 'error', message });
  };

  const failRef = useRef(fail);
  failRef.current = fail;

  // Every submit (header or this page) runs the search from its first result (a new state object each time;
  // switching the language re-renders the answer, it does not search again).
  useEffect(() => {
    setTerm(search.q);
    setFilters(search.filters);
    const q = search.q.trim();
    setTooShort(q.length === 1);
    if (q.length < 2) {
      setLoad({ status: 'idle' });
      return;
    }
    const mine = ++request.current;
    setLoad({ status: 'loading', previous: null });
    api.search.cases({ q, ...search.filters }).then(
      (data) => {
        if (mine !== request.current) return;
        setOptions({ forums: data.forums, levelLabels: data.levelLabels });
        setLoad({ status: 'ready', data });
      },
      (err: unknown) => mine === request.current && failRef.current(err),
    );
  }, [search]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSearch({ q: term.trim(), filters: clean(filters) });
  };

  const more = () => {
    if (load.status !== 'ready') return;
    const previous = load.data;
    const mine = ++request.current;
    setLoad({ status: 'loading', previous });
    api.search.cases({ q: search.q.trim(), ...search.filters, offset: previous.offset + previous.results.length }).then(
      (data) => {
        if (mine !== request.current) return;
        setLoad({ status: 'ready', data: { ...data, offset: previous.offset, results: [...previous.results, ...data.results] } });
      },
      (err: unknown) => mine === request.current && fail(err),
    );
  };

  const data = load.status === 'ready' ? load.data : load.status === 'loading' ? load.previous : null;
  const q = search.q.trim();

  return (
    <div className="page search-page">
      <h1>{tx('title')}</h1>
      <p className="muted">{tx('intro')}</p>
      <form className="search-form" onSubmit={submit} noValidate>
        <div className="field search-form__term">
          <label htmlFor={termId}>{tx('term')}</label>
          <input
            id={termId}
            type="search"
            data-testid="search-term"
            value={term}
            maxLength={100}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={tooShort ? `${hintId} ${errorId}` : hintId}
            aria-invalid={tooShort || undefined}
            onChange={(e) => setTerm(e.target.value)}
          />
          <p id={hintId} className="hint">
            {tx('termHint')}
          </p>
          {tooShort && (
            <p id={errorId} className="field-error">
              {tx('termTooShort')}
            </p>
          )}
        </div>
        <fieldset className="fieldset search-form__filters">
          <legend>{tx('filters')}</legend>
          <Filters filters={filters} setFilters={setFilters} options={options} />
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button" data-testid="search-submit">
            {tx('submit')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setFilters({})}>
            {tx('clear')}
          </button>
        </div>
      </form>
      <p className="hint">{tx('audited')}</p>

      <div role="status" aria-live="polite" className="search-status" data-testid="search-status">
        {load.status === 'idle' && !tooShort && !q && tx('start')}
        {load.status === 'loading' && !load.previous && tx('searching')}
        {data && (data.total === 0 ? tx('none', { q }) : data.total === 1 ? tx('countOne', { q }) : tx('count', { n: data.total, q }))}
      </div>
      {load.status === 'error' && (
        <div className="alert alert--error" role="alert">
          <p>{load.message}</p>
        </div>
      )}
      {data && data.results.length > 0 && (
        <>
          <ol className="search-results" aria-label={tx('resultsLabel')} data-testid="search-results">
            {data.results.map((hit) => (
              <Result key={hit.caseId} hit={hit} levelLabels={data.levelLabels} fieldLabel={(f) => (f === 'houses' ? tx('field_houses') : t(FIELD_LABEL[f]))} />
            ))}
          </ol>
          {data.results.length < data.total && <p className="muted">{tx('showing', { first: 1, last: data.results.length, n: data.total })}</p>}
          {data.results.length < data.total && (
            <button type="button" className="button button--secondary" onClick={more} aria-disabled={load.status === 'loading' || undefined}>
              {tx('more')}
            </button>
          )}
        </>
      )}
    </div>
  );
}

/** Drops empty filters, so the request and the audit's criterion name only what was chosen. */
function clean(f: SearchFilters): SearchFilters {
  const out: SearchFilters = {};
  if (f.forumId) out.forumId = f.forumId;
  if (f.status) out.status = f.status;
  if (f.level) out.level = f.level;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  return out;
}

function Filters({
  filters,
  setFilters,
  options,
}: {
  filters: SearchFilters;
  setFilters: (f: SearchFilters) => void;
  options: Pick<SearchResponse, 'forums' | 'levelLabels'> | null;
}) {
  const tx = useSearchText();
  const { t } = useI18n();
  const ids = { forum: useId(), status: useId(), level: useId(), from: useId(), to: useId() };
  const set = (patch: Partial<SearchFilters>) => setFilters({ ...filters, ...patch });
  return (
    <div className="search-filters">
      <div className="field">
        <label htmlFor={ids.forum}>{tx('forum')}</label>
        <select id={ids.forum} value={filters.forumId ?? ''} onChange={(e) => set({ forumId: e.target.value || undefined })}>
          <option value="">{tx('allForums')}</option>
          {options?.forums.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.status}>{tx('status')}</label>
        <select
          id={ids.status}
          data-testid="search-status-filter"
          value={filters.status ?? ''}
          onChange={(e) => set({ status: (e.target.value || undefined) as SearchFilters['status'] })}
        >
          <option value="">{tx('anyStatus')}</option>
          <option value="OPEN">{t('case.open')}</option>
          <option value="CLOSED">{t('case.closed')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.level}>{tx('level')}</label>
        <select id={ids.level} value={filters.level ?? ''} onChange={(e) => set({ level: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">{tx('anyLevel')}</option>
          {[1, 2, 3, 4, 5].map((level) => (
            <option key={level} value={level}>
              {options?.levelLabels[level - 1] ? tx('levelOption', { level, label: options.levelLabels[level - 1]! }) : String(level)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.from}>{tx('from')}</label>
        <input id={ids.from} type="date" value={filters.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} />
      </div>
      <div className="field">
        <label htmlFor={ids.to}>{tx('to')}</label>
        <input id={ids.to} type="date" value={filters.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} />
      </div>
    </div>
  );
}

function Result({ hit, levelLabels, fieldLabel }: { hit: SearchHit; levelLabels: string[]; fieldLabel: (f: SearchField) => string }) {
  const tx = useSearchText();
  const { t, lang } = useI18n();
  const level =
    hit.level === null ? tx('noLevel') : tx('levelValue', { level: hit.level, label: levelLabels[hit.level - 1] ?? String(hit.level) });
  return (
    <li className="search-result" data-testid="search-result">
      <h2 className="search-result__title">
        <Link href={casePath(hit.caseId)}>
          <span className="search-result__ref">{tx('caseRef', { reference: hit.reference })}</span>
          {hit.description.parts.length > 0 && (
            <>
              <span aria-hidden="true"> · </span>
              <span className="search-result__desc">
                <Snippet parts={hit.description.parts} />
              </span>
            </>
          )}
        </Link>
      </h2>
      <p className="search-result__meta">
        {hit.forumName} · {hit.status === 'OPEN' ? t('case.open') : t('case.closed')} · {level} ·{' '}
        {tx('createdOn', { date: formatDay(lang, todayInCopenhagen(new Date(hit.createdAt))) })}
      </p>
      {hit.snippets.length > 0 && (
        <dl className="search-result__snippets">
          {hit.snippets.map((s) => (
            <div key={s.field} className="search-result__snippet">
              <dt>{fieldLabel(s.field)}</dt>
              <dd data-testid={`snippet-${s.field}`}>
                <Snippet parts={s.parts} />
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}
