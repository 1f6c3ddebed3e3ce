/**
 * The current search, in memory only: never in the URL, history entries or browser storage (a term may be about a
 * child). The header's box sets it and opens the results page; going back to that page shows it again.
 */
import { useSyncExternalStore } from 'react';
import type { SearchFilters } from './types.js';

export interface SearchState {
  q: string;
  filters: SearchFilters;
  /** Bumped by every submit, so searching the same term again runs it again. */
  run: number;
}

let state: SearchState = { q: '', filters: {}, run: 0 };
const listeners = new Set<() => void>();

export function setSearch(next: { q: string; filters?: SearchFilters }): void {
  state = { q: next.q, filters: next.filters ?? state.filters, run: state.run + 1 };
  for (const l of listeners) l();
}

/** Forgets the search (at logout). */
export function clearSearch(): void {
  state = { q: '', filters: {}, run: state.run + 1 };
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useSearchState(): SearchState {
  return useSyncExternalStore(subscribe, () => state, () => state);
}
