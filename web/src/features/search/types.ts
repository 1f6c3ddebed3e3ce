/** The search API's request and answer (docs/SPEC.md SE1, SE6): shared/search.ts, which the contract names. */
export type { SearchField, SearchFilters, SearchHit, SearchRequest, SearchResponse, SnippetPart } from '../../../../shared/search.js';
