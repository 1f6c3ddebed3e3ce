/** The search API's shapes as the web reads them (server/features/search/service.ts, docs/SPEC.md SE1, SE6). */
import type { ForumType } from '../../../../shared/domain.js';

export type SearchField = 'concern' | 'sos' | 'voice' | 'houses' | 'network' | 'actions';

/** Plain text; `hit` marks a match. Rendered as text nodes, never as HTML. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

export interface SearchHit {
  caseId: string;
  reference: string;
  forumId: string;
  forumName: string;
  status: 'OPEN' | 'CLOSED';
  level: number | null;
  createdAt: string;
  rank: number;
  /** SE13: found by the term's stems, or only by a word that begins with one of them (ranked after). */
  match: 'exact' | 'prefix';
  description: { parts: SnippetPart[] };
  snippets: Array<{ field: SearchField; parts: SnippetPart[] }>;
}

export interface SearchResponse {
  total: number;
  limit: number;
  offset: number;
  results: SearchHit[];
  forums: Array<{ id: string; name: string; type: ForumType }>;
  levelLabels: string[];
}

export interface SearchFilters {
  forumId?: string;
  status?: 'OPEN' | 'CLOSED';
  level?: number;
  from?: string;
  to?: string;
}

export interface SearchRequest extends SearchFilters {
  q: string;
  limit?: number;
  offset?: number;
}
