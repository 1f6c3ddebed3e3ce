/**
 * The administrator's audit-log search (docs/SPEC.md, AU3) and what it and a case's access log (AU4) answer: the
 * query the server validates and the administration's page builds, ids, dates and actions only (never free text).
 */
import { z } from 'zod';

export const AUDIT_ACTIONS = ['READ', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'SEARCH', 'LOGIN', 'LOGIN_FAILED', 'DENIED'] as const;
export type AuditActionName = (typeof AUDIT_ACTIONS)[number];

const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** A date (YYYY-MM-DD, the whole day in UTC) or an ISO date-time with offset. */
const when = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string().datetime({ offset: true })]).refine(
  (v) => !Number.isNaN(new Date(v).getTime()),
  'must be a date',
);

/** GET /api/admin/audit's query string. */
export const auditSearchSchema = z
  .object({
    userId: idParam.optional(),
    caseId: idParam.optional(),
    from: when.optional(),
    to: when.optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** Paging: only entries with a smaller id (the `nextBefore` of the previous page). */
    before: z.string().regex(/^\d{1,19}$/).optional(),
  })
  .strict();

export type AuditSearch = z.infer<typeof auditSearchSchema>;

export interface AuditEntryView {
  id: string;
  at: string;
  userId: string | null;
  userName: string | null;
  action: AuditActionName;
  caseId: string | null;
  caseReference: string | null;
  purpose: string | null;
  criterion: string | null;
  address: string | null;
}

/** One page of the search, newest first; `nextBefore` pages on. */
export interface AuditPageView {
  entries: AuditEntryView[];
  nextBefore: string | null;
}

export interface CaseAccessView {
  at: string;
  userId: string | null;
  userName: string | null;
  action: AuditActionName;
  purpose: string | null;
}

/** GET /api/cases/:caseId/access-log (AU4). */
export interface CaseAccessLog {
  caseId: string;
  reference: string;
  entries: CaseAccessView[];
}
