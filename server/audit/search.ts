/**
 * Reading the audit log (docs/SPEC.md, AU3-AU4): a municipal administrator's
 * search, and a case's access log for its forum's chair. Entries hold ids,
 * actions and purposes only, never note content.
 */
import type { Db } from '../db/client.js';
import type { AuditActionName } from './audit.js';
import type { AuditEntryView, AuditPageView, AuditSearch, CaseAccessView } from '../../shared/schemas/audit.js';

// The search's query and answers are the web's too (shared/schemas/audit.ts).
export { AUDIT_ACTIONS, auditSearchSchema, type AuditEntryView, type AuditSearch, type CaseAccessView } from '../../shared/schemas/audit.js';

/** `to` given as a date includes that whole day. */
function toBound(v: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(new Date(`${v}T00:00:00.000Z`).getTime() + 86_400_000) : new Date(v);
}

/** The SEARCH entry's criterion: ids, dates and the action only (never free text). */
export function searchCriterion(q: AuditSearch): string {
  const parts: string[] = [];
  for (const key of ['userId', 'caseId', 'from', 'to', 'action'] as const) if (q[key]) parts.push(`${key}=${q[key]}`);
  return parts.join(';') || 'all';
}

/**
 * Entries of the municipality, newest first: made by one of its users, or
 * about a case of one of its forums (entries outlive deleted cases, and then
 * are found through the user).
 */
export async function searchAudit(
  db: Db,
  municipalityId: string,
  q: AuditSearch,
): Promise<AuditPageView> {
  const where: string[] = [
    `(u."municipalityId" = $1 OR e."caseId" IN (SELECT c.id FROM "Case" c JOIN "Forum" f ON f.id = c."forumId" WHERE f."municipalityId" = $1))`,
  ];
  const params: unknown[] = [municipalityId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.userId) add('e."userId" = ?', q.userId);
  if (q.caseId) add('e."caseId" = ?', q.caseId);
  if (q.from) add('e."at" >= ?', new Date(q.from));
  if (q.to) add('e."at" < ?', toBound(q.to));
  if (q.action) add('e."action" = ?::"AuditAction"', q.action);
  if (q.before) add('e."id" < ?::bigint', q.before);
  params.push(q.limit + 1);
  const rows = await db.$queryRawUnsafe<
    Array<{ id: bigint; at: Date; userId: string | null; userName: string | null; action: AuditActionName; caseId: string | null; caseReference: string | null; purpose: string | null; criterion: string | null; address: string | null }>
  >(
    `SELECT e."id", e."at", e."userId", u."name" AS "userName", e."action"::text AS "action", e."caseId", e."caseReference",
            e."purpose", e."criterion", e."address"
       FROM "AuditEntry" e LEFT JOIN "User" u ON u."id" = e."userId"
      WHERE ${where.join(' AND ')}
      ORDER BY e."id" DESC
      LIMIT $${params.length}`,
    ...params,
  );
  const page = rows.slice(0, q.limit);
  return {
    entries: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      userId: r.userId,
      userName: r.userName,
      action: r.action,
      caseId: r.caseId,
      caseReference: r.caseReference,
      purpose: r.purpose,
      criterion: r.criterion,
      address: r.address,
    })),
    nextBefore: rows.length > q.limit ? page[page.length - 1]!.id.toString() : null,
  };
}

/** Who accessed a case and when, newest first (at most `limit`). */
export async function caseAccessLog(db: Db, caseId: string, limit = 500): Promise<CaseAccessView[]> {
  const rows = await db.auditEntry.findMany({
    where: { caseId, action: { notIn: ['SEARCH', 'LOGIN', 'LOGIN_FAILED'] } },
    orderBy: { id: 'desc' },
    take: limit,
    select: { at: true, userId: true, action: true, purpose: true },
  });
  const ids = [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))];
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const nameOf = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({
    at: r.at.toISOString(),
    userId: r.userId,
    userName: r.userId ? (nameOf.get(r.userId) ?? null) : null,
    action: r.action,
    purpose: r.purpose,
  }));
}
