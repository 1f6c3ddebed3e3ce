import type { DocumentSummary, DocWriter } from '../../../shared/api.js';
import type { Db } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';

/** The documents the actor may open, asked of the policy one by one. */
export async function listDocumentsFor(db: Db, actor: Actor): Promise<DocumentSummary[]> {
  const docs = await db.document.findMany({
    where: { forumId: { in: [...actor.memberships.keys()] }, case: null, healthCase: null },
    select: { id: true, title: true, docName: true, forum: { select: { id: true, name: true, type: true } } },
    orderBy: [{ forum: { name: 'asc' } }, { title: 'asc' }],
  });
  return docs
    .filter((d) => can(actor, 'document:read', { forumId: d.forum.id }))
    .map((d) => ({ ...d, canWrite: can(actor, 'document:write', { forumId: d.forum.id }) }));
}

/**
 * P10: the writers bound to the document's client ids, for a reader of the
 * document (the same rule as opening it: case documents by the case rule,
 * health-only notes by theirs). Null when the actor may not read it.
 */
export async function documentWriters(db: Db, actor: Actor, docName: string): Promise<DocWriter[] | null> {
  const doc = await db.document.findUnique({
    where: { docName },
    select: { id: true, forumId: true, case: { select: { id: true } }, healthCase: { select: { id: true } } },
  });
  if (!doc) return null;
  const resource = { forumId: doc.forumId, isCase: doc.case !== null || doc.healthCase !== null, healthOnly: doc.healthCase !== null };
  if (!can(actor, 'document:read', resource)) return null;
  const rows = await db.docClient.findMany({
    where: { documentId: doc.id },
    select: { clientId: true, userId: true, sector: true, user: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({ clientId: Number(r.clientId), userId: r.userId, name: r.user.name, sector: r.sector }));
}
