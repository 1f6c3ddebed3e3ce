/** POST /api/search: the term travels in the body, never in a URL (docs/SPEC.md, SE1). */
import { request } from '../../lib/api.js';
import type { SearchRequest, SearchResponse } from './types.js';

export const SEARCH_PATH = '/soeg';

export function searchCases(body: SearchRequest): Promise<SearchResponse> {
  return request<SearchResponse>('POST', '/api/search', body);
}
