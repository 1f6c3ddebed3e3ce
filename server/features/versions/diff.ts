/**
 * "Ændret siden sidste møde" (docs/SPEC.md, VR3): the case as it stands
 * compared with the version kept at its latest meeting. Pure functions over
 * two `CaseDocContent`s; the concern note is compared word by word (words and
 * the spaces between them, paragraph breaks as tokens of their own), and
 * every added passage is named by who typed it now, every removed one by who
 * had typed it then.
 */
import type { ActionChange, CaseChanges, CaseDocContent } from '../../../shared/api.js';
import { SOS_COLUMNS } from '../../../shared/caseDoc.js';

export type Op = 'equal' | 'delete' | 'insert';

/** Cells of the LCS table beyond which a changed stretch is reported whole (deleted, then inserted). */
export const MAX_DIFF_CELLS = 4_000_000;

/**
 * The edit script turning `a` into `b`: common prefix and suffix first, then a
 * longest common subsequence over what is left (bounded by MAX_DIFF_CELLS).
 */
export function diffSequences<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean = Object.is): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && eq(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && eq(a[endA - 1]!, b[endB - 1]!)) (endA--, endB--);
  const n = endA - start;
  const m = endB - start;
  const middle: Op[] = [];
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_DIFF_CELLS) {
    for (let i = 0; i < n; i++) middle.push('delete');
    for (let j = 0; j < m; j++) middle.push('insert');
  } else {
    // lcs[i][j]: the LCS length of a[start+i..] and b[start+j..]; at most min(n, m) ≤ 2000, so 16 bits suffice.
    const w = m + 1;
    const lcs = new Uint16Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = eq(a[start + i]!, b[start + j]!)
          ? lcs[(i + 1) * w + j + 1]! + 1
          : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (eq(a[start + i]!, b[start + j]!)) {
        middle.push('equal');
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
        middle.push('delete');
        i++;
      } else {
        middle.push('insert');
        j++;
      }
    }
    for (; i < n; i++) middle.push('delete');
    for (; j < m; j++) middle.push('insert');
  }
  return [...Array<Op>(start).fill('equal'), ...middle, ...Array<Op>(a.length - endA).fill('equal')];
}

interface Token {
  text: string;
  writerId: string | null;
}

const PARAGRAPH_BREAK = '\n';

/** The concern note as tokens: words, runs of spaces, and a break between paragraphs. */
export function concernTokens(concern: CaseDocContent['concern']): Token[] {
  const tokens: Token[] = [];
  concern.forEach((paragraph, p) => {
    if (p > 0) tokens.push({ text: PARAGRAPH_BREAK, writerId: null });
    for (const run of paragraph) {
      for (const piece of run.text.split(/(\s+)/)) if (piece) tokens.push({ text: piece, writerId: run.writerId });
    }
  });
  return tokens;
}

const words = (tokens: readonly Token[]) => tokens.filter((t) => t.text.trim() !== '').length;

/** One step of a word diff: a token kept, removed or added; `shared` marks a kept word counted as changed. */
export interface Edit {
  op: Op;
  token: Token;
  shared?: true;
}

/**
 * The word diff of two notes. A replaced phrase shares small words with its
 * replacement ("glad og udhvilet" → "træt og sulten"): a kept stretch between
 * two changes with no more words than the larger side of each change (and no
 * paragraph break) is counted as changed too, so that the phrase reads as one
 * removed and one added passage (the semantic cleanup of diff-match-patch, by
 * words). Such words are marked `shared`: they are not new, so they never
 * decide whose passage it is.
 */
export function wordEdits(a: readonly Token[], b: readonly Token[]): Edit[] {
  interface Segment {
    equal: boolean;
    del: Edit[];
    ins: Edit[];
  }
  const segments: Segment[] = [];
  let i = 0;
  let j = 0;
  for (const op of diffSequences(a, b, (x, y) => x.text === y.text)) {
    const equal = op === 'equal';
    let last = segments[segments.length - 1];
    if (!last || last.equal !== equal) segments.push((last = { equal, del: [], ins: [] }));
    if (op !== 'insert') last.del.push({ op: equal ? 'equal' : 'delete', token: a[i++]! });
    if (op !== 'delete') {
      const token = b[j++]!;
      if (!equal) last.ins.push({ op: 'insert', token });
    }
  }
  const size = (s: Segment) => Math.max(words(s.del.map((e) => e.token)), words(s.ins.map((e) => e.token)));
  for (let k = 1; k + 1 < segments.length; ) {
    const [before, eq, after] = [segments[k - 1]!, segments[k]!, segments[k + 1]!];
    const kept = eq.del.map((e) => e.token);
    const n = words(kept);
    if (eq.equal && !kept.some((t) => t.text === PARAGRAPH_BREAK) && n <= size(before) && n <= size(after)) {
      segments.splice(k - 1, 3, {
        equal: false,
        del: [...before.del, ...kept.map((token) => ({ op: 'delete' as const, token, shared: true as const })), ...after.del],
        ins: [...before.ins, ...kept.map((token) => ({ op: 'insert' as const, token, shared: true as const })), ...after.ins],
      });
      k = Math.max(1, k - 1); // the merged change may now swallow the equality before it
    } else {
      k++;
    }
  }
  return segments.flatMap((s) => (s.equal ? s.del : [...s.del, ...s.ins]));
}

/**
 * Added and removed passages of the concern note per writer, in the order
 * they first appear. A passage is a stretch of consecutive changed words of
 * one writer within one paragraph (kept spaces inside it included); a change
 * of only spaces or paragraph breaks is no passage.
 */
export function diffConcern(then: CaseDocContent['concern'], now: CaseDocContent['concern']): CaseChanges['concern'] {
  const byWriter = new Map<string | null, { writerId: string | null; added: string[]; removed: string[] }>();
  type Kind = 'added' | 'removed';
  // One open passage per side, so that a phrase replaced word by word reads as one removed and one added passage.
  // Its writer is undefined while it holds only shared words.
  const open: Record<Kind, { writerId: string | null | undefined; fallback: string | null; text: string } | null> = { added: null, removed: null };
  const flush = (kind: Kind) => {
    const passage = open[kind];
    const text = passage?.text.replace(/\s+/g, ' ').trim();
    if (passage && text) {
      const writerId = passage.writerId === undefined ? passage.fallback : passage.writerId;
      let entry = byWriter.get(writerId);
      if (!entry) byWriter.set(writerId, (entry = { writerId, added: [], removed: [] }));
      entry[kind].push(text);
    }
    open[kind] = null;
  };
  for (const { op, token, shared } of wordEdits(concernTokens(then), concernTokens(now))) {
    const blank = token.text.trim() === '';
    if (op === 'equal') {
      // A kept space inside a changed stretch belongs to it; a kept word or paragraph break ends it.
      if (blank && token.text !== PARAGRAPH_BREAK) {
        for (const passage of [open.added, open.removed]) if (passage) passage.text += token.text;
      } else {
        flush('removed');
        flush('added');
      }
      continue;
    }
    const kind: Kind = op === 'delete' ? 'removed' : 'added';
    if (token.text === PARAGRAPH_BREAK) {
      flush(kind); // a passage stays within its paragraph
      continue;
    }
    let passage = open[kind];
    if (blank) {
      // Spaces join the passage they sit in; they never start one nor decide its writer.
      if (passage) passage.text += token.text;
      continue;
    }
    if (shared) {
      if (passage) passage.text += token.text;
      else open[kind] = { writerId: undefined, fallback: token.writerId, text: token.text };
      continue;
    }
    if (passage && passage.writerId !== undefined && passage.writerId !== token.writerId) {
      flush(kind);
      passage = null;
    }
    if (passage) {
      passage.writerId = token.writerId;
      passage.text += token.text;
    } else {
      open[kind] = { writerId: token.writerId, fallback: token.writerId, text: token.text };
    }
  }
  flush('removed');
  flush('added');
  return [...byWriter.values()];
}

const actionChange = (a: CaseDocContent['actions'][number]): ActionChange => ({
  id: a.id,
  title: a.title,
  responsibleUserId: a.responsibleUserId,
  dueDate: a.dueDate,
  status: a.status,
  addedById: a.addedById,
  changedById: a.changedById,
});

type ContentChanges = Pick<CaseChanges, 'concern' | 'sos' | 'voice' | 'network' | 'actions'>;

/** What changed in the document between the version (`then`) and now; `today` decides what is overdue. */
export function diffContent(then: CaseDocContent, now: CaseDocContent, today: string): ContentChanges {
  const sos: ContentChanges['sos'] = { added: [], removed: [], changed: [] };
  for (const column of SOS_COLUMNS) {
    const before = new Map(then.sos[column].map((p) => [p.id, p]));
    const after = new Map(now.sos[column].map((p) => [p.id, p]));
    for (const p of now.sos[column]) {
      const old = before.get(p.id);
      if (!old) sos.added.push({ column, text: p.text, addedById: p.addedById });
      else if (old.text !== p.text) sos.changed.push({ column, before: old.text, after: p.text, changedById: p.changedById });
    }
    for (const p of then.sos[column]) if (!after.has(p.id)) sos.removed.push({ column, text: p.text, addedById: p.addedById });
  }
  // A point moved to another column reads as removed there and added here: that is what the map shows.

  const netBefore = new Set(then.network.map((e) => e.id));
  const netAfter = new Set(now.network.map((e) => e.id));
  const network: ContentChanges['network'] = {
    added: now.network.filter((e) => !netBefore.has(e.id)).map((e) => ({ name: e.name, relation: e.relation, addedById: e.addedById })),
    removed: then.network.filter((e) => !netAfter.has(e.id)).map((e) => ({ name: e.name, relation: e.relation, addedById: e.addedById })),
  };

  const actionsBefore = new Map(then.actions.map((a) => [a.id, a]));
  const actionsAfter = new Set(now.actions.map((a) => a.id));
  const actions: ContentChanges['actions'] = {
    added: now.actions.filter((a) => !actionsBefore.has(a.id)).map(actionChange),
    removed: then.actions.filter((a) => !actionsAfter.has(a.id)).map(actionChange),
    done: now.actions.filter((a) => a.status === 'DONE' && actionsBefore.get(a.id)?.status !== 'DONE').map(actionChange),
    overdue: now.actions
      .filter((a) => (a.status === 'PLANNED' || a.status === 'IN_PROGRESS') && a.dueDate !== null && a.dueDate < today)
      .map(actionChange),
  };

  return {
    concern: diffConcern(then.concern, now.concern),
    sos,
    voice: then.voice.text === now.voice.text ? null : { then: then.voice.text, now: now.voice.text },
    network,
    actions,
  };
}

/** Every user id the changes name (for the writers map). */
export function namedUsers(changes: ContentChanges): Set<string> {
  const ids = new Set<string>();
  const add = (id: string | null | undefined) => id && ids.add(id);
  for (const c of changes.concern) add(c.writerId);
  for (const p of [...changes.sos.added, ...changes.sos.removed]) add(p.addedById);
  for (const p of changes.sos.changed) add(p.changedById);
  for (const e of [...changes.network.added, ...changes.network.removed]) add(e.addedById);
  const { added, removed, done, overdue } = changes.actions;
  for (const a of [...added, ...removed, ...done, ...overdue]) (add(a.responsibleUserId), add(a.addedById), add(a.changedById));
  return ids;
}
