import type { DocumentSummary, DocWritersResponse } from '../../../shared/api.js';
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
 * P10, AT1-AT2: who writes under the document's client ids, which ranges of
 * text the server attributed to someone else (moved text), and who added and
 * last changed each entry; for a reader of the document (the same rule as
 * opening it: case documents by the case rule, health-only notes by theirs).
 * Null when the actor may not read it.
 */
export async function documentWriters(db: Db, actor: Actor, docName: string): Promise<DocWritersResponse | null> {
  const doc = await db.document.findUnique({
    where: { docName },
    select: { id: true, forumId: true, case: { select: { id: true } }, healthCase: { select: { id: true } } },
  });
  if (!doc) return null;
  const resource = { forumId: doc.forumId, isCase: doc.case !== null || doc.healthCase !== null, healthOnly: doc.healthCase !== null };
  if (!can(actor, 'document:read', resource)) return null;
  const [rows, moved, entries] = await Promise.all([
    db.docClient.findMany({
      where: { documentId: doc.id },
      select: { clientId: true, userId: true, sector: true, user: { select: { name: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.docAttribution.findMany({ where: { documentId: doc.id }, select: { clientId: true, clock: true, length: true, userId: true, sector: true } }),
    db.docEntryWriter.findMany({ where: { documentId: doc.id }, select: { entryId: true, addedById: true, changedById: true, changedAt: true } }),
  ]);
  const writers = rows.map((r) => ({ clientId: Number(r.clientId), userId: r.userId, name: r.user.name, sector: r.sector }));
  const known = new Set(writers.map((w) => w.userId));
  const others = [...new Set([...moved.map((m) => m.userId), ...entries.flatMap((e) => [e.addedById, e.changedById])])].filter(
    (id): id is string => !!id && !known.has(id),
  );
  const sectorFromMoves = new Map(moved.map((m) => [m.userId, m.sector]));
  const people = others.length
    ? (await db.user.findMany({ where: { id: { in: others } }, select: { id: true, name: true } })).map((u) => ({
        userId: u.id,
        name: u.name,
        sector: sectorFromMoves.get(u.id) ?? null,
      }))
    : [];
  return {
    writers,
    moved: moved.map((m) => ({ clientId: Number(m.clientId), clock: m.clock, length: m.length, userId: m.userId })),
    entries: entries.map((e) => ({ entryId: e.entryId, addedById: e.addedById, changedById: e.changedById, changedAt: e.changedAt.toISOString() })),
    people,
  };
}
