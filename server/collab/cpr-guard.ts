/**
 * LB9: no CPR number enters a case document's free text through Yjs, whatever
 * client writes it (the web editor refuses it as it is typed; a stock or
 * modified client is stopped here). CPR numbers belong in the identity
 * fields, which only members the legal basis covers may see (LB7); the
 * shared document is synced to every member of the forum.
 *
 * A number can be typed one digit per update, so an update is judged by what
 * the text it changes reads after it, not by what it inserts: each update is
 * applied to a shadow copy of the document (committed state plus the updates
 * accepted and still being committed), and the CPR numbers of every text it
 * changed (a concern paragraph, the voice, a house of the Three Houses, an SoS
 * point, an action, network or talk entry) are counted again. More than
 * before: refused, and the shadow is rebuilt without it. Counting is per
 * changed text, so a keystroke costs the apply plus a scan of one paragraph or
 * field.
 */
import * as Y from 'yjs';
import { findCprNumbers } from '../../shared/cpr.js';
import { CASE_DOC, HOUSE_TEXT, HOUSES } from '../../shared/caseDoc.js';

type Counted = Y.XmlElement | Y.Text | Y.Map<unknown>;
/** Any shared type (Yjs declares its tree's parents with `any`). */
// biome-ignore lint/suspicious/noExplicitAny: as Yjs declares it
type AnyType = Y.AbstractType<any>;

export class CprGuard {
  private shadow: Y.Doc | null = null;
  private readonly counts = new WeakMap<Counted, number>();
  /** Updates admitted and not committed yet, in order (part of the shadow, not yet of the copy). */
  private inFlight: Uint8Array[] = [];

  /** `committed`: the server copy's document with every committed update applied. */
  constructor(private readonly committed: () => Y.Doc) {}

  /** Whether `update` may be stored; when it may, the shadow holds it from now on. */
  admits(update: Uint8Array): boolean {
    const shadow = this.build();
    let added = false;
    const judge = (tr: Y.Transaction) => {
      for (const counted of touchedBy(tr)) {
        const now = cprCount(counted);
        if (now > (this.counts.get(counted) ?? 0)) added = true;
        this.counts.set(counted, now);
      }
    };
    shadow.on('afterTransaction', judge);
    try {
      Y.applyUpdate(shadow, update);
    } finally {
      shadow.off('afterTransaction', judge);
    }
    if (added) {
      this.reset(); // rebuilt without it when next needed
      return false;
    }
    this.inFlight.push(update);
    return true;
  }

  /** An admitted update is committed: the copy has it now. */
  committedOne(update: Uint8Array): void {
    const i = this.inFlight.indexOf(update);
    if (i >= 0) this.inFlight.splice(i, 1);
  }

  /** An update that reached the copy another way (another instance, a catch-up). */
  observe(update: Uint8Array): void {
    if (this.shadow) this.applyCounting(this.shadow, update);
  }

  /** Something went wrong (a failed commit): start again from the copy. */
  reset(): void {
    this.shadow?.destroy();
    this.shadow = null;
  }

  destroy(): void {
    this.reset();
    this.inFlight = [];
  }

  private build(): Y.Doc {
    if (this.shadow) return this.shadow;
    const shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.committed()));
    for (const update of this.inFlight) Y.applyUpdate(shadow, update);
    for (const counted of allCounted(shadow)) this.counts.set(counted, cprCount(counted));
    this.shadow = shadow;
    return shadow;
  }

  /** Applies without judging, keeping the counts of what changed. */
  private applyCounting(shadow: Y.Doc, update: Uint8Array): void {
    const recount = (tr: Y.Transaction) => {
      for (const counted of touchedBy(tr)) this.counts.set(counted, cprCount(counted));
    };
    shadow.on('afterTransaction', recount);
    try {
      Y.applyUpdate(shadow, update);
    } finally {
      shadow.off('afterTransaction', recount);
    }
  }
}

/**
 * The units whose text a transaction may have changed: those holding an item
 * it inserted or deleted (a type created in the transaction is not among
 * `tr.changed`, its items are), and the types it changed.
 */
function touchedBy(tr: Y.Transaction): Set<Counted> {
  const doc = tr.doc;
  const units = new Set<Counted>();
  const add = (type: unknown) => {
    const counted = type instanceof Y.AbstractType ? countedOf(doc, type) : null;
    if (counted) units.add(counted);
  };
  for (const type of tr.changed.keys()) add(type);
  for (const [client, after] of tr.afterState) {
    const from = tr.beforeState.get(client) ?? 0;
    const structs = doc.store.clients.get(client);
    if (after <= from || !structs) continue;
    for (let i = Y.findIndexSS(structs, from); i < structs.length && structs[i]!.id.clock < after; i++) {
      const item = structs[i]!;
      if (item instanceof Y.Item) add(item.parent);
    }
  }
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (struct instanceof Y.Item) add(struct.parent);
  });
  return units;
}

/** The unit whose text a changed type belongs to: a concern paragraph, the voice, or an entry map. */
function countedOf(doc: Y.Doc, type: AnyType): Counted | null {
  const concern = doc.getXmlFragment(CASE_DOC.concern);
  let t: AnyType | null = type;
  while (t) {
    const parent: AnyType | null = (t._item?.parent as AnyType | undefined) ?? null;
    if (parent === concern) return t instanceof Y.XmlElement ? t : null;
    if (t instanceof Y.Text && !(t instanceof Y.XmlText)) return t;
    if (t instanceof Y.Map && parent instanceof Y.Array) return t;
    t = parent;
  }
  return null;
}

function* allCounted(doc: Y.Doc): Generator<Counted> {
  for (const block of doc.getXmlFragment(CASE_DOC.concern).toArray()) if (block instanceof Y.XmlElement) yield block;
  yield doc.getText(CASE_DOC.voice);
  // The Three Houses (FA5). Asking for a root here also makes it a Y.Text in the shadow: a root an update creates
  // is a typeless placeholder until asked for, and its text would not be found as a text's at all.
  for (const house of HOUSES) yield doc.getText(HOUSE_TEXT[house]);
  const entries = (list: unknown) => (list instanceof Y.Array ? list.toArray().filter((m): m is Y.Map<unknown> => m instanceof Y.Map) : []);
  yield* entries(doc.getArray(CASE_DOC.actions));
  yield* entries(doc.getArray(CASE_DOC.network));
  yield* entries(doc.getArray(CASE_DOC.houseTalks));
  for (const column of doc.getMap(CASE_DOC.sos).values()) yield* entries(column);
}

/** CPR numbers in a unit's text as a reader sees it (formatting ignored). */
function cprCount(counted: Counted): number {
  if (counted instanceof Y.Map) {
    let n = 0;
    for (const value of counted.values()) if (typeof value === 'string') n += findCprNumbers(value).length;
    return n;
  }
  if (counted instanceof Y.Text) return findCprNumbers(counted.toString()).length;
  return findCprNumbers(plainText(counted)).length;
}

/** A paragraph's text: its text nodes in order, a hard break read as a space. */
function plainText(paragraph: Y.XmlElement): string {
  let s = '';
  for (const child of paragraph.toArray()) {
    if (!(child instanceof Y.XmlText)) {
      s += ' ';
      continue;
    }
    for (const op of child.toDelta() as Array<{ insert: unknown }>) if (typeof op.insert === 'string') s += op.insert;
  }
  return s;
}
