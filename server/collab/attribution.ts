/**
 * Who typed the text a writer re-creates (docs/SPEC.md, AT1-AT2), decided on
 * the server from the order of committed updates.
 *
 * Yjs gives every character the client id of whoever inserted it, and the
 * bindings (P10) say whose that id is. But editors re-create text: splitting a
 * paragraph (Enter) deletes its tail and inserts the same characters in a new
 * paragraph; joining, cut and paste and undo do the same. So for each update a
 * writer's connection committed, the tracker compares the text it inserts with
 * the text that update deleted, with what this writer deleted recently (undo,
 * cut and paste) and, for long inserts, with the note as it stands (copy and
 * paste): characters that match keep the writer of the characters they copy.
 * Matching is bounded in work per room, so no client can make it expensive;
 * past the bound the text simply stays with the one who inserted it.
 *
 * It also records who last changed each entry (an SoS point, action, network
 * entry, the child's voice), in commit order, which the items themselves cannot tell.
 */
import * as Y from 'yjs';
import { Attribution, type MovedRange } from '../../shared/authorship.js';
import { CASE_DOC } from '../../shared/caseDoc.js';
import type { Sector } from '../../shared/domain.js';
import type { Writer } from './bindings.js';

export interface AttributionRow extends MovedRange {
  sector: Sector;
}

export interface EntryChange {
  entryId: string;
  userId: string;
  added: boolean;
}

/** Text and who typed each of its characters. */
interface Source {
  text: string;
  /** Null for a character whose client id has no binding (written before bindings existed). */
  writers: Array<Writer | null>;
  /** Shortest match taken from it: a single character only from the same update's deletions (a split). */
  minMatch: number;
  at: number;
}

/** Recent deletions kept per writer (for undo and cut and paste). */
const RECENT_CHAINS = 32;
const RECENT_CHARS = 20_000;
const RECENT_MS = 30 * 60_000;
/** An insert this long is also compared with the note as it stands (copy and paste). */
const PASTE_MIN = 12;
/** Deleted characters of the note remembered with their writer (another update may delete them again). */
const GRAVEYARD_CHARS = 50_000;
/** Characters the matcher may scan per second in one room (indexOf over sources). */
const SCAN_BUDGET_PER_SECOND = 20_000_000;

export class AttributionTracker {
  readonly attribution: Attribution;
  private readonly recent = new Map<string, Source[]>();
  /**
   * Deleted characters of the note by "client.clock", with their writer: an
   * update can delete what another update deleted first (two people moving the
   * same text at once), and then the deleted content is gone from the copy.
   */
  private readonly graveyard = new Map<string, { ch: string; writer: Writer | null }>();
  private budget = SCAN_BUDGET_PER_SECOND;
  private budgetSince = Date.now();

  constructor(
    private readonly writerOf: (clientId: number) => Writer | undefined,
    private readonly sectorOf: (userId: string) => Sector | undefined,
    moved: Iterable<MovedRange>,
    private readonly record: (rows: AttributionRow[], entries: EntryChange[]) => void,
  ) {
    this.attribution = new Attribution((clientId) => writerOf(clientId)?.userId, moved);
  }

  /** Learns ranges recorded elsewhere (another instance, a catch-up). */
  learn(rows: Iterable<MovedRange>): void {
    for (const row of rows) if (this.attribution.writerAt(row.clientId, row.clock) !== row.userId) this.attribution.add(row);
  }

  /** Called in 'afterTransaction' of every transaction on the copy, before `analyse`: remembers what was deleted. */
  observe(tr: Y.Transaction): void {
    if (tr.deleteSet.clients.size === 0) return;
    const concern = tr.doc.getXmlFragment(CASE_DOC.concern);
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString) || !Y.isParentOf(concern, struct)) return;
      const str = struct.content.str;
      for (let k = 0; k < str.length; k++) {
        this.graveyard.set(`${struct.id.client}.${struct.id.clock + k}`, { ch: str[k]!, writer: this.writerAtChar(struct.id.client, struct.id.clock + k) });
      }
    });
    for (const key of this.graveyard.keys()) {
      if (this.graveyard.size <= GRAVEYARD_CHARS) break;
      this.graveyard.delete(key);
    }
  }

  /**
   * Called in 'afterTransaction' of one committed update by `writer` (deleted
   * content is still readable then); `update` is that update, whose deletes may
   * include characters deleted before (see graveyard).
   */
  analyse(tr: Y.Transaction, writer: Writer, update: Uint8Array): void {
    const doc = tr.doc;
    const roots = caseRoots(doc);
    const concern = doc.getXmlFragment(CASE_DOC.concern);
    const before = (client: number) => tr.beforeState.get(client) ?? 0;
    const entries = new Map<string, EntryChange>();
    const touch = (entryId: unknown, added: boolean) => {
      if (typeof entryId !== 'string' || !entryId || entryId.length > 64) return;
      const known = entries.get(entryId);
      entries.set(entryId, { entryId, userId: writer.userId, added: added || (known?.added ?? false) });
    };

    const deleted = new Set<Y.Item>();
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item) || struct.id.clock >= before(struct.id.client)) return;
      if (struct.content instanceof Y.ContentString && Y.isParentOf(concern, struct)) deleted.add(struct);
      else if (struct.parent === roots.voice) touch('voice', false);
    });

    const inserted = new Set<Y.Item>();
    for (const [client, after] of tr.afterState) {
      const from = before(client);
      if (after <= from) continue;
      const structs = doc.store.clients.get(client);
      if (!structs) continue;
      for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
        const item = structs[i]!;
        if (item.id.clock >= after) break;
        if (!(item instanceof Y.Item) || item.deleted) continue;
        if (item.content instanceof Y.ContentString && Y.isParentOf(concern, item)) inserted.add(item);
        else this.entryOf(roots, item, touch);
      }
    }

    // What the update deletes: what this transaction deleted (in document order), and what it deletes that
    // another update deleted first (from the graveyard), which the writer deleted just as well.
    const gone = chains(deleted).map((items) => this.source(items, 1));
    const earlier = this.deletedBefore(update, tr);
    const rows = inserted.size ? this.attributeMoves(doc, writer, [...gone, ...earlier], inserted) : [];
    this.remember(writer, [...gone, ...earlier]);
    if (rows.length || entries.size) this.record(rows, [...entries.values()]);
  }

  /** An item that creates an entry, or sets a field of one, or writes in the child's voice. */
  private entryOf(roots: CaseRoots, item: Y.Item, touch: (entryId: unknown, added: boolean) => void): void {
    if (item.parent === roots.voice) {
      touch('voice', false);
      return;
    }
    if (item.content instanceof Y.ContentType && item.content.type instanceof Y.Map && isEntryList(roots, item.parent)) {
      touch(item.content.type.get('id'), true);
      return;
    }
    const parent = item.parent;
    if (item.parentSub !== null && parent instanceof Y.Map && isEntryList(roots, parent._item?.parent ?? null)) {
      touch(parent.get('id'), false);
    }
  }

  /** What `update` deletes that was deleted before this transaction, as sources (runs of consecutive clocks). */
  private deletedBefore(update: Uint8Array, tr: Y.Transaction): Source[] {
    const sources: Source[] = [];
    for (const [client, ranges] of Y.decodeUpdate(update).ds.clients) {
      for (const { clock, len } of ranges) {
        let text = '';
        let writers: Array<Writer | null> = [];
        const flush = () => {
          if (text) sources.push({ text, writers, minMatch: 1, at: Date.now() });
          text = '';
          writers = [];
        };
        for (let c = clock; c < clock + Math.min(len, GRAVEYARD_CHARS); c++) {
          // Not what this transaction deleted (that is in document order already), nor its own new items.
          const fresh = c >= (tr.beforeState.get(client) ?? 0) || Y.isDeleted(tr.deleteSet, Y.createID(client, c));
          const known = fresh ? undefined : this.graveyard.get(`${client}.${c}`);
          if (!known) {
            flush();
            continue;
          }
          text += known.ch;
          writers.push(known.writer);
        }
        flush();
      }
    }
    return sources;
  }

  private attributeMoves(doc: Y.Doc, writer: Writer, gone: Source[], inserted: Set<Y.Item>): AttributionRow[] {
    const recent = this.recentOf(writer.userId);
    const rows: AttributionRow[] = [];
    // One keystroke inserts one character; an update that inserts more (undo, paste) may restore recent deletions
    // even where they come back as single characters between others' text.
    let insertedChars = 0;
    for (const item of inserted) insertedChars += item.length;
    const restoring = insertedChars >= 2 ? recent.map((r) => ({ ...r, minMatch: 1 })) : [];
    for (const items of chains(inserted)) {
      const target = flatten(items);
      const sources = [...gone];
      sources.push(...restoring);
      if (target.text.length >= PASTE_MIN) sources.push(this.noteSource(doc, inserted));
      this.match(target, sources, writer, rows);
    }
    for (const row of rows) this.attribution.add(row);
    return rows;
  }

  /** What an update deleted can come back later (undo, paste): remembered for its writer. */
  private remember(writer: Writer, gone: Source[]): void {
    const recent = this.recentOf(writer.userId);
    for (const source of gone) {
      if (source.writers.some((w) => w !== null && w.userId !== writer.userId)) recent.unshift({ ...source, minMatch: 2, at: Date.now() });
    }
    this.trimRecent(writer.userId, recent);
  }

  private match(target: Flat, sources: Source[], writer: Writer, rows: AttributionRow[]): void {
    const text = target.text;
    let i = 0;
    while (i < text.length) {
      let best: { source: Source; at: number; length: number } | null = null;
      for (const source of sources) {
        if (text.length - i < source.minMatch) continue;
        const probe = text.slice(i, i + source.minMatch);
        let at = source.text.indexOf(probe);
        for (let tries = 0; at >= 0 && tries < 8; tries++) {
          if (!this.spend(source.text.length)) return;
          let length = source.minMatch;
          while (i + length < text.length && at + length < source.text.length && text[i + length] === source.text[at + length]) length++;
          if (!best || length > best.length) best = { source, at, length };
          at = source.text.indexOf(probe, at + 1);
        }
      }
      if (!best) {
        i++;
        continue;
      }
      for (let k = 0; k < best.length; k++) {
        const from = best.source.writers[best.at + k];
        if (from && from.userId !== writer.userId) pushRow(rows, target.clients[i + k]!, target.clocks[i + k]!, from);
      }
      i += best.length;
    }
  }

  private spend(chars: number): boolean {
    const now = Date.now();
    if (now - this.budgetSince >= 1000) {
      this.budget = SCAN_BUDGET_PER_SECOND;
      this.budgetSince = now;
    }
    this.budget -= chars;
    return this.budget >= 0;
  }

  private source(items: Y.Item[], minMatch: number): Source {
    const flat = flatten(items);
    const writers = flat.clients.map((client, k) => this.writerAtChar(client, flat.clocks[k]!));
    return { text: flat.text, writers, minMatch, at: Date.now() };
  }

  private writerAtChar(client: number, clock: number): Writer | null {
    const userId = this.attribution.writerAt(client, clock);
    const bound = this.writerOf(client);
    if (!userId) return null;
    if (bound && bound.userId === userId) return bound;
    const sector = this.sectorOf(userId);
    return sector ? { userId, sector } : null;
  }

  /** The note's visible text outside this update's inserts (copy and paste). */
  private noteSource(doc: Y.Doc, inserted: Set<Y.Item>): Source {
    const items: Y.Item[] = [];
    const visit = (type: Y.AbstractType<any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      for (let item = type._start; item; item = item.right) {
        if (item.deleted) continue;
        if (item.content instanceof Y.ContentString) {
          if (!inserted.has(item)) items.push(item);
        } else if (item.content instanceof Y.ContentType) visit(item.content.type);
      }
    };
    visit(doc.getXmlFragment(CASE_DOC.concern));
    return this.source(items, PASTE_MIN);
  }

  private recentOf(userId: string): Source[] {
    let list = this.recent.get(userId);
    if (!list) this.recent.set(userId, (list = []));
    return list;
  }

  private trimRecent(userId: string, list: Source[]): void {
    const now = Date.now();
    let chars = 0;
    const kept = list.filter((s, k) => {
      chars += s.text.length;
      return k < RECENT_CHAINS && chars <= RECENT_CHARS && now - s.at < RECENT_MS;
    });
    if (kept.length) this.recent.set(userId, kept);
    else this.recent.delete(userId);
  }
}

interface Flat {
  text: string;
  clients: number[];
  clocks: number[];
}

function flatten(items: Y.Item[]): Flat {
  let text = '';
  const clients: number[] = [];
  const clocks: number[] = [];
  for (const item of items) {
    const str = (item.content as Y.ContentString).str;
    text += str;
    for (let k = 0; k < str.length; k++) {
      clients.push(item.id.client);
      clocks.push(item.id.clock + k);
    }
  }
  return { text, clients, clocks };
}

/**
 * Items of a set grouped into runs that stand next to each other in the
 * document (skipping tombstones and formatting marks between them), in order.
 */
function chains(set: Set<Y.Item>): Y.Item[][] {
  const skippable = (item: Y.Item) => !set.has(item) && (item.deleted || !item.countable);
  const result: Y.Item[][] = [];
  for (const item of set) {
    let left = item.left;
    while (left && skippable(left)) left = left.left;
    if (left && set.has(left)) continue; // not the first of its run
    const run: Y.Item[] = [];
    for (let next: Y.Item | null = item; next; next = next.right) {
      if (set.has(next)) run.push(next);
      else if (!skippable(next)) break;
    }
    result.push(run);
  }
  return result;
}

function pushRow(rows: AttributionRow[], clientId: number, clock: number, from: Writer): void {
  const last = rows[rows.length - 1];
  if (last && last.clientId === clientId && last.clock + last.length === clock && last.userId === from.userId) last.length++;
  else rows.push({ clientId, clock, length: 1, userId: from.userId, sector: from.sector });
}

interface CaseRoots {
  actions: Y.Array<unknown>;
  network: Y.Array<unknown>;
  sos: Y.Map<unknown>;
  voice: Y.Text;
}

/**
 * The case document's root types. An update that creates a root type nobody
 * asked for yet leaves a plain placeholder as its items' parent; asking for
 * each by kind (before reading any item's parent) gives the items their typed
 * parents, which the comparisons here rely on.
 */
function caseRoots(doc: Y.Doc): CaseRoots {
  return { actions: doc.getArray(CASE_DOC.actions), network: doc.getArray(CASE_DOC.network), sos: doc.getMap(CASE_DOC.sos), voice: doc.getText(CASE_DOC.voice) };
}

/** A list of entries: the actions, the network, or a column of the SoS map. */
function isEntryList(roots: CaseRoots, type: unknown): boolean {
  if (!(type instanceof Y.Array)) return false;
  return type === roots.actions || type === roots.network || type._item?.parent === roots.sos;
}
