import type { DocumentSummary } from '../../../shared/api.js';
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
