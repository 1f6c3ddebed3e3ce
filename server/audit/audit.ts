/**
 * The audit log (docs/SPEC.md, AU1-AU4): who did what to which case, when,
 * why, from where. Append-only (a database trigger refuses changes), never
 * holding note content. Writing is awaited: an access that cannot be logged
 * is an error, not a silent gap.
 */
import type { Db } from '../db/client.js';

export type AuditActionName = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE' | 'EXPORT' | 'SEARCH' | 'LOGIN' | 'LOGIN_FAILED' | 'DENIED';

export interface AuditRecord {
  userId: string | null;
  action: AuditActionName;
  caseId?: string | null;
  caseReference?: string | null;
  /** Why the data was used: "meeting", "preparation", "follow-up", "access-request", ... */
  purpose?: string | null;
  /** SEARCH: the search criterion; DENIED: what was refused (a route or event name). */
  criterion?: string | null;
  address?: string | null;
}

export async function audit(db: Db, record: AuditRecord): Promise<void> {
  await db.auditEntry.create({
    data: {
      userId: record.userId,
      action: record.action,
      caseId: record.caseId ?? null,
      caseReference: record.caseReference ?? null,
      purpose: record.purpose ?? null,
      criterion: record.criterion?.slice(0, 200) ?? null,
      address: record.address ?? null,
    },
  });
}
