/**
 * A case's Yjs document as plain text for an access request (IN1): the
 * stored state (snapshot + log, D3) merged into a Y.Doc, read without ever
 * throwing on odd shapes.
 */
import type pg from 'pg';
import * as Y from 'yjs';
import { CASE_DOC, HOUSE_TEXT, SOS_COLUMNS, parseActions, parseThreeHouses, type SosColumn, type ThreeHouses } from '../../../shared/caseDoc.js';

export interface DocumentText {
  /** The concern note (bekymring), one string per paragraph. */
  concern: string[];
  sos: Record<SosColumn, string[]>;
  voice: string;
  /** The child's Three Houses (FA5): the child's words per house, who spoke with the child and when. */
  houses: ThreeHouses;
  network: Array<{ name: string; relation: string; contribution: string }>;
  actions: Array<{ title: string; responsibleUserId: string | null; ladderStep: number | null; dueDate: string | null; status: string }>;
}

export async function loadStoredDoc(pool: pg.Pool | pg.PoolClient, documentId: string): Promise<Y.Doc> {
  const snap = await pool.query<{ state: Buffer }>('SELECT state FROM "DocSnapshot" WHERE "documentId" = $1', [documentId]);
  const log = await pool.query<{ data: Buffer }>('SELECT data FROM "DocUpdate" WHERE "documentId" = $1 ORDER BY id', [documentId]);
  const doc = new Y.Doc({ gc: true });
  const updates = [...snap.rows.map((r) => r.state), ...log.rows.map((r) => r.data)];
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates.map((u) => new Uint8Array(u))));
  return doc;
}

const str = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (v instanceof Y.Text) return v.toString();
  if (typeof v === 'number') return String(v);
  return '';
};

const textOf = (t: Y.XmlText): string =>
  (t.toDelta() as Array<{ insert?: unknown }>).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');

/** Paragraph texts of an XmlFragment/XmlElement, depth first (lists and quotes included). */
function paragraphs(node: Y.XmlFragment | Y.XmlElement, out: string[]): void {
  let inline = '';
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) inline += textOf(child);
    else if (child instanceof Y.XmlElement) {
      if (child.toArray().some((c) => c instanceof Y.XmlElement)) paragraphs(child, out);
      else {
        const text = child.toArray().map((c) => (c instanceof Y.XmlText ? textOf(c) : '')).join('');
        if (text.trim()) out.push(text);
      }
    }
  }
  if (inline.trim()) out.push(inline);
}

function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback; // a shape the editor never writes: left out, never a crash
  }
}

const mapsOf = (arr: unknown): Y.Map<unknown>[] =>
  arr instanceof Y.Array ? arr.toArray().filter((m): m is Y.Map<unknown> => m instanceof Y.Map) : [];

export function documentText(doc: Y.Doc): DocumentText {
  const concern = attempt(() => {
    const out: string[] = [];
    paragraphs(doc.getXmlFragment(CASE_DOC.concern), out);
    return out;
  }, []);
  const sos = attempt(() => {
    const map = doc.getMap<unknown>(CASE_DOC.sos);
    const result = {} as Record<SosColumn, string[]>;
    for (const col of SOS_COLUMNS) result[col] = mapsOf(map.get(col)).map((m) => str(m.get('text'))).filter((t) => t.trim());
    return result;
  }, { worries: [], strengths: [], next: [] });
  const voice = attempt(() => doc.getText(CASE_DOC.voice).toString(), '');
  // FA5: the houses' whole text (everything stored, not the record's cut), the talks as the record reads them.
  const houses: ThreeHouses = {
    worries: attempt(() => doc.getText(HOUSE_TEXT.worries).toString(), ''),
    good: attempt(() => doc.getText(HOUSE_TEXT.good).toString(), ''),
    dreams: attempt(() => doc.getText(HOUSE_TEXT.dreams).toString(), ''),
    talks: attempt(() => parseThreeHouses(doc).talks, []),
  };
  const network = attempt(
    () =>
      mapsOf(doc.getArray<unknown>(CASE_DOC.network)).map((m) => ({
        name: str(m.get('name')),
        relation: str(m.get('relation')),
        contribution: str(m.get('contribution')),
      })),
    [],
  );
  const actions = attempt(
    () =>
      parseActions(doc).rows.map((r) => ({
        title: r.title,
        responsibleUserId: r.responsibleUserId,
        ladderStep: r.ladderStep,
        dueDate: r.dueDate,
        status: r.status,
      })),
    [],
  );
  return { concern, sos, voice, houses, network, actions };
}
