/**
 * Everything the collaboration upgrade needs to decide, in one plain SQL
 * round trip: the document, its forum and case, and the user with their
 * membership of that forum. This runs for every websocket connection, so it
 * avoids the ORM (docs/performance.md: Prisma dominated reconnect storms).
 */
import type pg from 'pg';
import type { ForumType, Role, Sector } from '../../shared/domain.js';
import type { Actor, MunicipalRole } from '../policy/policy.js';

export interface DocumentAccess {
  documentId: string;
  forumId: string;
  /** The case whose main document this is, or whose health-only notes. */
  kase: { id: string; reference: string } | null;
  healthOnly: boolean;
  /** A closed case's documents are read-only (CS3). */
  closed: boolean;
  /** The user as the policy sees them for this forum; null if gone or disabled. */
  actor: Actor | null;
}

interface Row {
  documentId: string;
  forumId: string;
  forumType: ForumType;
  caseId: string | null;
  caseRef: string | null;
  closed: boolean;
  healthCaseId: string | null;
  healthRef: string | null;
  userId: string | null;
  name: string | null;
  municipalityId: string | null;
  municipalRoles: string | null;
  disabled: boolean | null;
  sector: Sector | null;
  role: Role | null;
}

export async function loadDocumentAccess(pool: pg.Pool, docName: string, userId: string): Promise<DocumentAccess | null> {
  const { rows } = await pool.query<Row>({
    name: 'collab_document_access', // prepared once per pool connection
    text: `SELECT d.id AS "documentId", d."forumId", f.type AS "forumType",
            c.id AS "caseId", c.reference AS "caseRef", hc.id AS "healthCaseId", hc.reference AS "healthRef",
            (COALESCE(c.status, hc.status) = 'CLOSED') AS closed,
            u.id AS "userId", u.name, u."municipalityId", u."municipalRoles"::text AS "municipalRoles",
            (u."disabledAt" IS NOT NULL) AS disabled, m.sector, m.role
       FROM "Document" d
       JOIN "Forum" f ON f.id = d."forumId"
       LEFT JOIN "Case" c ON c."documentId" = d.id
       LEFT JOIN "Case" hc ON hc."healthDocumentId" = d.id
       LEFT JOIN "User" u ON u.id = $2
       LEFT JOIN "Membership" m ON m."forumId" = d."forumId" AND m."userId" = u.id
      WHERE d."docName" = $1`,
    values: [docName, userId],
  });
  const r = rows[0];
  if (!r) return null;
  const actor: Actor | null =
    r.userId && !r.disabled
      ? {
          userId: r.userId,
          name: r.name!,
          municipalityId: r.municipalityId!,
          municipalRoles: parsePgArray(r.municipalRoles) as MunicipalRole[],
          // Only this forum's membership matters for this document.
          memberships: new Map(
            r.sector && r.role ? [[r.forumId, { forumId: r.forumId, forumType: r.forumType, sector: r.sector, role: r.role }]] : [],
          ),
        }
      : null;
  return {
    documentId: r.documentId,
    forumId: r.forumId,
    kase: r.caseId ? { id: r.caseId, reference: r.caseRef! } : r.healthCaseId ? { id: r.healthCaseId, reference: r.healthRef! } : null,
    healthOnly: r.healthCaseId !== null,
    closed: r.closed === true,
    actor,
  };
}

/** `{ADMIN,MANAGEMENT}` → ['ADMIN', 'MANAGEMENT'] (enum arrays arrive as text). */
function parsePgArray(text: string | null): string[] {
  if (!text || text === '{}') return [];
  return text.slice(1, -1).split(',');
}
