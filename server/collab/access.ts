/**
 * Everything the collaboration upgrade needs to decide, in one plain SQL
 * round trip: the session behind the credential, the document, its forum and
 * case, and the user with their membership of that forum. This runs for every
 * websocket connection, so it avoids the ORM and a second round trip
 * (docs/performance.md: reconnect storms).
 */
import type pg from 'pg';
import { sessionCte, type SessionRow } from '../auth/sessions.js';
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
  sessionId: string | null;
  sessionUserId: string | null;
  dead: boolean | null;
  stale: boolean | null;
  documentId: string | null;
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

export interface UpgradeAccess {
  /** The session behind the credential (still to be settled: SessionStore.settle), or null. */
  session: SessionRow | null;
  /** Whether the session's user exists and is not disabled (checked before the document, so it says nothing of it). */
  userActive: boolean;
  /** The document and the session's user as the policy sees them; null if there is no such document. */
  access: DocumentAccess | null;
}

/** The credential's hash: a cookie's (`cookieHash`) or a websocket token's (`tokenHash`); the other is null. */
export async function loadUpgradeAccess(
  pool: pg.Pool,
  docName: string,
  credential: { cookieHash: string | null; tokenHash: string | null },
  idleMinutes: number,
): Promise<UpgradeAccess> {
  const { rows } = await pool.query<Row>({
    name: 'collab_upgrade_access', // prepared once per pool connection
    text: `WITH ${sessionCte({ cookie: 2, token: 3, idleMinutes: 4 })}
     SELECT sess.id AS "sessionId", sess."userId" AS "sessionUserId", sess.dead, sess.stale,
            d.id AS "documentId", d."forumId", f.type AS "forumType",
            c.id AS "caseId", c.reference AS "caseRef", hc.id AS "healthCaseId", hc.reference AS "healthRef",
            (COALESCE(c.status, hc.status) = 'CLOSED') AS closed,
            u.id AS "userId", u.name, u."municipalityId", u."municipalRoles"::text AS "municipalRoles",
            (u."disabledAt" IS NOT NULL) AS disabled, m.sector, m.role
       FROM (SELECT 1) AS one
       LEFT JOIN sess ON true
       LEFT JOIN "Document" d ON d."docName" = $1
       LEFT JOIN "Forum" f ON f.id = d."forumId"
       LEFT JOIN "Case" c ON c."documentId" = d.id
       LEFT JOIN "Case" hc ON hc."healthDocumentId" = d.id
       LEFT JOIN "User" u ON u.id = sess."userId"
       LEFT JOIN "Membership" m ON m."forumId" = d."forumId" AND m."userId" = u.id`,
    values: [docName, credential.cookieHash, credential.tokenHash, idleMinutes],
  });
  const r = rows[0]!; // (SELECT 1) LEFT JOIN …: always exactly one row
  const session = r.sessionId ? { id: r.sessionId, userId: r.sessionUserId!, dead: r.dead === true, stale: r.stale === true } : null;
  const userActive = r.userId !== null && !r.disabled;
  if (!r.documentId) return { session, userActive, access: null };
  const actor: Actor | null =
    userActive
      ? {
          userId: r.userId!,
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
    session,
    userActive,
    access: {
      documentId: r.documentId,
      forumId: r.forumId,
      kase: r.caseId ? { id: r.caseId, reference: r.caseRef! } : r.healthCaseId ? { id: r.healthCaseId, reference: r.healthRef! } : null,
      healthOnly: r.healthCaseId !== null,
      closed: r.closed === true,
      actor,
    },
  };
}

/** `{ADMIN,MANAGEMENT}` → ['ADMIN', 'MANAGEMENT'] (enum arrays arrive as text). */
function parsePgArray(text: string | null): string[] {
  if (!text || text === '{}') return [];
  return text.slice(1, -1).split(',');
}
