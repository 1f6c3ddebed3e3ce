/** The search request (docs/SPEC.md, SE1) lives in shared/search.ts: the web's contract names its input too. */
export { SEARCH_LIMITS, searchSchema, type SearchInput } from '../../../shared/search.js';
