/** Case search (SE1-SE13): POST, so the term travels in the body, never in a URL. */
import type { SearchRequest } from '../../../../shared/search.js';
import { send } from '../http.js';

export const searchCalls = {
  cases: (body: SearchRequest) => send('POST /api/search', { body }),
};
