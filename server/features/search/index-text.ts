/**
 * What a case's search row holds (docs/SPEC.md, SE2, SE5): the case document's free text read as plain text —
 * concern note, Signs of Safety points, the child's voice and Three Houses, network and action titles — with every CPR number
 * redacted and the names and address of the case's identity blanked as the minutes do (MN5). The identity fields
 * themselves are never indexed. Written by the case mirror in the transaction that stores the document.
 */
import type pg from 'pg';
import * as Y from 'yjs';
import { CASE_DOC, HOUSES, SOS_COLUMNS, parseActions, parseThreeHouses } from '../../../shared/caseDoc.js';
import { redactCpr } from '../../../shared/cpr.js';
import { redactorFor } from '../minutes/redact-identity.js';

/** The fields of a search row that come from the case document. */
export interface SearchText {
  concern: string;
  sos: string;
  voice: string;
  houses: string;
  network: string;
  actions: string;
}

export const SEARCH_FIELDS = ['description', 'concern', 'sos', 'voice', 'houses', 'network', 'actions'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Longest text kept per field: a 20-page note fits many times over; a runaway document does not fill the index. */
const MAX_FIELD = 200_000;

/**
 * Control characters other than tab and line breaks are never indexed: the snippets' highlight markers (U+0002,
 * U+0003, snippet.ts) can then only come from PostgreSQL's ts_headline.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function cleanText(text: string): string {
  return redactCpr(text.replace(CONTROL, ' ')).slice(0, MAX_FIELD);
}

const isMap = (v: unknown): v is Y.Map<unknown> => v instanceof Y.Map;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** What `read` returns, or '' when a client made a root something else than the shape expects (Yjs throws then). */
function safely(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}

/** A block of the concern note as a reader sees it: text nodes in order, nested blocks on lines of their own. */
function blockText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    let s = '';
    for (const op of node.toDelta() as Array<{ insert: unknown }>) if (typeof op.insert === 'string') s += op.insert;
    return s;
  }
  if (!(node instanceof Y.XmlElement)) return ' ';
  const children = node.toArray();
  const inline = children.every((c) => c instanceof Y.XmlText || (c instanceof Y.XmlElement && c.length === 0));
  // A hard break (an empty element) reads as a space; a list's items go on lines of their own.
  return children.map((c) => (c instanceof Y.XmlElement && c.length === 0 ? ' ' : blockText(c))).join(inline ? '' : '\n');
}

/** Reads the searchable text of a case document; never throws on odd values (MR2). */
export function searchTextOf(doc: Y.Doc): SearchText {
  const lines = (values: string[]) => values.map((v) => v.trim()).filter(Boolean).join('\n');
  const entries = (list: unknown) => (list instanceof Y.Array ? list.toArray().filter(isMap) : []);
  return {
    concern: safely(() => lines(doc.getXmlFragment(CASE_DOC.concern).toArray().map(blockText))),
    sos: safely(() => {
      const sos = doc.getMap<unknown>(CASE_DOC.sos);
      return lines(SOS_COLUMNS.flatMap((column) => entries(sos.get(column)).map((m) => str(m.get('text')))));
    }),
    voice: safely(() => doc.getText(CASE_DOC.voice).toString().trim()),
    // FA5: the child's words in each house (who talked with the child, and when, is not searched).
    houses: safely(() => {
      const houses = parseThreeHouses(doc);
      return lines(HOUSES.map((house) => houses[house]));
    }),
    network: safely(() =>
      lines(
        entries(doc.getArray<unknown>(CASE_DOC.network)).map((m) =>
          [m.get('name'), m.get('relation'), m.get('contribution')].map(str).filter((t) => t.trim()).join(' – '),
        ),
      ),
    ),
    actions: safely(() => lines(parseActions(doc).rows.map((r) => r.title))),
  };
}

/**
 * SE2: the case's search row from its stored document and description, in the caller's transaction (the
 * mirror's). The case's identity is read only to blank it in the text (SE5). An unchanged text is not written again.
 */
export async function indexCaseForSearch(client: pg.PoolClient, caseId: string, doc: Y.Doc): Promise<void> {
  const found = await client.query<{ description: string; childName: string | null; childAddress: string | null; parentNames: string | null }>(
    'SELECT description, "childName", "childAddress", "parentNames" FROM "Case" WHERE id = $1',
    [caseId],
  );
  const kase = found.rows[0];
  if (!kase) return;
  const blank = redactorFor(kase);
  const text = searchTextOf(doc);
  const v = (t: string) => blank(cleanText(t));
  await client.query(
    `INSERT INTO "CaseSearch" ("caseId", "forumId", status, "createdAt", description, concern, sos, voice, houses, network, actions,
                               "hasContent", "updatedAt")
     SELECT c.id, c."forumId", c.status, c."createdAt", $2, $3, $4, $5, $6, $7, $8, true, now() FROM "Case" c WHERE c.id = $1
     ON CONFLICT ("caseId") DO UPDATE SET description = EXCLUDED.description, concern = EXCLUDED.concern, sos = EXCLUDED.sos,
       voice = EXCLUDED.voice, houses = EXCLUDED.houses, network = EXCLUDED.network, actions = EXCLUDED.actions,
       "hasContent" = true, "updatedAt" = now()
     WHERE ("CaseSearch".description, "CaseSearch".concern, "CaseSearch".sos, "CaseSearch".voice, "CaseSearch".houses,
            "CaseSearch".network, "CaseSearch".actions, "CaseSearch"."hasContent")
           IS DISTINCT FROM (EXCLUDED.description, EXCLUDED.concern, EXCLUDED.sos, EXCLUDED.voice, EXCLUDED.houses,
            EXCLUDED.network, EXCLUDED.actions, true)`,
    [caseId, v(kase.description), v(text.concern), v(text.sos), v(text.voice), v(text.houses), v(text.network), v(text.actions)],
  );
}
