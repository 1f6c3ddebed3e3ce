/** The search page's address; its call is `api.search.cases` (web/src/lib/calls/search.ts, docs/SPEC.md SE1). */
export const SEARCH_PATH = '/soeg';
