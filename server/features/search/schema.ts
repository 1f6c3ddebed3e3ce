/**
 * The search request (docs/SPEC.md, SE1): a term of 2-100 characters and optional filters. The same fields come as
 * query parameters (GET) or a JSON body (POST, which keeps the term out of URLs). Unknown fields are refused.
 */
import { z } from 'zod';
import { isValidIsoDate } from '../../../shared/caseDoc.js';

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

/** The fields that failed, never their values (H4). */
export function invalidFields(error: z.ZodError): string[] {
  return [
    ...new Set(
      error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [i.path.join('.') || 'query'])),
    ),
  ];
}
