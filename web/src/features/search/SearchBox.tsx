/**
 * The header's search box ("Søg i sager", docs/SPEC.md SE11): a search landmark with a labelled field. Submitting
 * opens the results page; the term is kept in memory (store.ts), never in the URL.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSession } from '../../app/session.js';
import { navigate, usePathname } from '../../lib/router.js';
import { SEARCH_PATH } from './api.js';
import { clearSearch, setSearch, useSearchState } from './store.js';
import { useSearchText } from './text.js';
import './search.css';

export function SearchBox() {
  const { state } = useSession();
  const authenticated = state.status === 'authenticated';
  useEffect(() => {
    if (!authenticated) clearSearch(); // a term never outlives the session on this screen
  }, [authenticated]);
  if (!authenticated) return null;
  return <SearchBoxForm />;
}

function SearchBoxForm() {
  const tx = useSearchText();
  const id = useId();
  const current = useSearchState();
  const pathname = usePathname();
  const [q, setQ] = useState(current.q);
  // The results page may change the term; the box follows it there.
  useEffect(() => setQ(current.q), [current.q]);
  const onResultsPage = pathname === SEARCH_PATH;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSearch({ q: q.trim(), filters: {} }); // a new search; a term too short is explained on the results page
    if (!onResultsPage) navigate(SEARCH_PATH);
  };

  return (
    <form role="search" aria-label={tx('boxLabel')} className="search-box" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {tx('boxLabel')}
      </label>
      <input
        id={id}
        type="search"
        className="search-box__input"
        data-testid="search-box"
        value={q}
        maxLength={100}
        placeholder={tx('boxPlaceholder')}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setQ(e.target.value)}
      />
      <button type="submit" className="button button--secondary button--small search-box__submit">
        {tx('boxSubmit')}
      </button>
    </form>
  );
}
