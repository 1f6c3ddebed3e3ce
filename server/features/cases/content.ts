/**
 * A case document as the record keeps it (docs/SPEC.md, AT1-AT2, VR1): read
 * from PostgreSQL (snapshot and log, as committed), every passage and entry
 * with its writer from the server's bindings and attributions. Used for the
 * versions kept at each meeting and the minutes.
 */
import * as Y from 'yjs';
import type { CaseDocContent } from '../../../shared/api.js';
import { Attribution, concernRuns } from '../../../shared/authorship.js';
import { CASE_DOC, SOS_COLUMNS, parseActions, parseThreeHouses } from '../../../shared/caseDoc.js';
import { redactCpr } from '../../../shared/cpr.js';
import type { Sector } from '../../../shared/domain.js';
import { sanitizeAll } from '../../collab/update-guard.mjs';
import type { Db } from '../../db/client.js';

/** What the record needs to know about who wrote a document. */
export interface DocWriterIndex {
  attribution: Attribution;
  /** Who added each entry and who changed it last, by entry id (DocEntryWriter). */
  entries: Map<string, { addedById: string | null; changedById: string }>;
  bound: Map<string, Sector>;
}

/** The committed state of a document, as a Y.Doc (the caller destroys it). */
export async function loadCommittedDoc(db: Db, documentId: string): Promise<Y.Doc> {
  const [snapshot, log] = await Promise.all([
    db.docSnapshot.findUnique({ where: { documentId }, select: { state: true } }),
    db.docUpdate.findMany({ where: { documentId }, orderBy: { id: 'asc' }, select: { data: true } }),
  ]);
  const stored = [...(snapshot ? [snapshot.state] : []), ...log.map((r) => r.data)].map((b) => new Uint8Array(b));
  const doc = new Y.Doc();
  const { updates } = sanitizeAll(stored);
  Y.transact(doc, () => {
    for (const u of updates) Y.applyUpdate(doc, u);
  });
  return doc;
}

export async function loadWriterIndex(db: Db, documentId: string): Promise<DocWriterIndex> {
  const [clients, moved, entries] = await Promise.all([
    db.docClient.findMany({ where: { documentId }, select: { clientId: true, userId: true, sector: true } }),
    db.docAttribution.findMany({ where: { documentId }, select: { clientId: true, clock: true, length: true, userId: true } }),
    db.docEntryWriter.findMany({ where: { documentId }, select: { entryId: true, addedById: true, changedById: true } }),
  ]);
  const owners = new Map(clients.map((c) => [Number(c.clientId), c.userId]));
  return {
    attribution: new Attribution(
      (clientId) => owners.get(clientId),
      moved.map((m) => ({ ...m, clientId: Number(m.clientId) })),
    ),
    entries: new Map(entries.map((e) => [e.entryId, e])),
    bound: new Map(clients.map((c) => [c.userId, c.sector])),
  };
}

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.slice(0, max) : '');
const isMap = (v: unknown): v is Y.Map<unknown> => v instanceof Y.Map;

/** Who created a Y.Map entry: the writer of its item. */
function addedBy(map: Y.Map<unknown>, index: DocWriterIndex): string | null {
  const item = map._item;
  return item ? index.attribution.writerAt(item.id.client, item.id.clock) : null;
}

/**
 * The content of a case document. Free text passes through `redactCpr`
 * (LB2): what the record shows never carries a CPR number, whatever a client managed to write.
 */
export function caseContent(doc: Y.Doc, index: DocWriterIndex): Omit<CaseDocContent, 'writers'> {
  const entry = (map: Y.Map<unknown>) => {
    const id = str(map.get('id'), 64);
    const recorded = index.entries.get(id);
    // Moving an entry re-creates it under the mover's client id: who added it is what the server recorded first.
    const added = recorded?.addedById ?? addedBy(map, index);
    return { id, addedById: added, changedById: recorded?.changedById ?? added };
  };
  const sosMap = doc.getMap<unknown>(CASE_DOC.sos);
  const sos = Object.fromEntries(
    SOS_COLUMNS.map((column) => {
      const list = sosMap.get(column);
      const rows = list instanceof Y.Array ? list.toArray().filter(isMap) : [];
      return [column, rows.map((m) => ({ ...entry(m), text: redactCpr(str(m.get('text'))) })).filter((r) => r.id)];
    }),
  ) as CaseDocContent['sos'];
  const network = doc
    .getArray<unknown>(CASE_DOC.network)
    .toArray()
    .filter(isMap)
    .map((m) => ({
      ...entry(m),
      name: redactCpr(str(m.get('name'), 200)),
      relation: redactCpr(str(m.get('relation'), 200)),
      contribution: redactCpr(str(m.get('contribution'), 200)),
    }))
    .filter((r) => r.id);
  const actionMaps = new Map(
    doc.getArray<unknown>(CASE_DOC.actions).toArray().filter(isMap).map((m) => [str(m.get('id'), 64), m] as const),
  );
  const actions = parseActions(doc).rows.map((row) => {
    const map = actionMaps.get(row.id);
    const who = map ? entry(map) : { addedById: null, changedById: null };
    return {
      id: row.id,
      title: redactCpr(row.title),
      responsibleUserId: row.responsibleUserId,
      ladderStep: row.ladderStep,
      dueDate: row.dueDate,
      status: row.status,
      addedById: who.addedById,
      changedById: who.changedById,
    };
  });
  const concern = concernRuns(doc.getXmlFragment(CASE_DOC.concern), index.attribution)
    .map((runs) => runs.map((r) => ({ ...r, text: redactCpr(r.text) })));
  // FA5: the child's Three Houses, kept with the version like the voice.
  const h = parseThreeHouses(doc);
  const houses = {
    worries: redactCpr(h.worries),
    good: redactCpr(h.good),
    dreams: redactCpr(h.dreams),
    talks: h.talks.map((t) => ({ ...t, by: redactCpr(t.by) })),
  };
  return {
    concern,
    sos,
    voice: { text: redactCpr(doc.getText(CASE_DOC.voice).toString()), changedById: index.entries.get('voice')?.changedById ?? null },
    houses,
    network,
    actions,
  };
}

/** Every user id a content refers to. */
export function referencedUsers(content: Omit<CaseDocContent, 'writers'>): Set<string> {
  const ids = new Set<string>();
  const add = (id: string | null | undefined) => {
    if (id) ids.add(id);
  };
  for (const p of content.concern) for (const r of p) add(r.writerId);
  for (const column of SOS_COLUMNS) for (const r of content.sos[column]) (add(r.addedById), add(r.changedById));
  for (const r of content.network) (add(r.addedById), add(r.changedById));
  for (const r of content.actions) (add(r.addedById), add(r.changedById), add(r.responsibleUserId));
  add(content.voice.changedById);
  return ids;
}

/**
 * The case document's content with names: sectors are the writers' sectors in
 * the forum where known (their binding, else their membership), null otherwise.
 */
export async function readCaseContent(db: Db, documentId: string, forumId: string): Promise<CaseDocContent> {
  const [doc, index] = await Promise.all([loadCommittedDoc(db, documentId), loadWriterIndex(db, documentId)]);
  let content: Omit<CaseDocContent, 'writers'>;
  try {
    content = caseContent(doc, index);
  } finally {
    doc.destroy();
  }
  const ids = [...referencedUsers(content)];
  const [users, memberships] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    db.membership.findMany({ where: { forumId, userId: { in: ids } }, select: { userId: true, sector: true } }),
  ]);
  const sectorOf = new Map(memberships.map((m) => [m.userId, m.sector]));
  const writers: CaseDocContent['writers'] = {};
  for (const u of users) writers[u.id] = { name: u.name, sector: index.bound.get(u.id) ?? sectorOf.get(u.id) ?? null };
  return { ...content, writers };
}
