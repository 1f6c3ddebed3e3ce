/**
 * Case search (docs/SPEC.md, SE1-SE13): the request, which the server validates (server/features/search/routes.ts) as
 * query parameters (GET) or a JSON body (POST, which keeps the term out of URLs; unknown fields are refused), and the
 * answer as the web reads it (the server's also carries each snippet as escaped HTML).
 */
import { z } from 'zod';
import { isValidIsoDate } from './caseDoc.js';
import type { ForumType } from './domain.js';

export const SEARCH_LIMITS = { minTerm: 2, maxTerm: 100, defaultLimit: 20, maxLimit: 50, maxOffset: 1000 } as const;

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const isoDate = z.string().refine(isValidIsoDate, { message: 'date' });
/** A number given as a query parameter ("3") or in JSON (3). */
const int = (min: number, max: number) =>
  z.union([z.number(), z.string().regex(/^\d{1,4}$/).transform(Number)]).pipe(z.number().int().min(min).max(max));

export const searchSchema = z
  .object({
    // Whitespace runs count as one space; a term of blanks is too short.
    q: z
      .string()
      .transform((s) => s.replace(/\s+/gu, ' ').trim())
      .pipe(z.string().min(SEARCH_LIMITS.minTerm).max(SEARCH_LIMITS.maxTerm)),
    forumId: id.optional(),
    status: z.enum(['OPEN', 'CLOSED']).optional(),
    level: int(1, 5).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: int(1, SEARCH_LIMITS.maxLimit).optional(),
    offset: int(0, SEARCH_LIMITS.maxOffset).optional(),
  })
  .strict()
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['to'], message: 'before_from' });

export type SearchInput = z.infer<typeof searchSchema>;

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
