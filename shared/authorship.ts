/**
 * Who typed each character of a case's concern note (docs/SPEC.md, AT1), read
 * from the Yjs items: a character is its client id's writer (the server's
 * binding, P10) unless the server recorded that the item re-creates text
 * someone else typed (a split or join of paragraphs, cut and paste, undo):
 * then it is that person's. Shared by the editor's labels, the server's
 * record (versions, minutes) and the tests, so all three read it one way.
 */
import * as Y from 'yjs';

/** Items (clientId, clock .. clock + length - 1) that are shown under `userId` instead of their client's binding. */
export interface MovedRange {
  clientId: number;
  clock: number;
  length: number;
  userId: string;
}

/** A piece of text with one writer (null: a client id the server has no binding for). */
export interface WriterRun {
  text: string;
  writerId: string | null;
}

export class Attribution {
  /** Per client id: its moved ranges sorted by clock. */
  private readonly moved = new Map<number, MovedRange[]>();

  /** `ownerOf`: the user a client id is bound to (the server's binding). */
  constructor(
    private readonly ownerOf: (clientId: number) => string | null | undefined,
    moved: Iterable<MovedRange> = [],
  ) {
    for (const range of moved) this.add(range);
  }

  add(range: MovedRange): void {
    const list = this.moved.get(range.clientId);
    if (!list) {
      this.moved.set(range.clientId, [range]);
      return;
    }
    let i = list.length;
    while (i > 0 && list[i - 1]!.clock > range.clock) i--;
    list.splice(i, 0, range);
  }

  /** The writer of the character at (clientId, clock). */
  writerAt(clientId: number, clock: number): string | null {
    const range = this.rangeAt(clientId, clock);
    return range ? range.userId : (this.ownerOf(clientId) ?? null);
  }

  /**
   * Calls `emit(length, writerId)` for consecutive characters of one item
   * (`length` characters from `clock`) that share a writer, in order.
   */
  split(clientId: number, clock: number, length: number, emit: (length: number, writerId: string | null) => void): void {
    const list = this.moved.get(clientId);
    const own = this.ownerOf(clientId) ?? null;
    if (!list) {
      emit(length, own);
      return;
    }
    let at = clock;
    const end = clock + length;
    let pending = 0;
    let pendingWriter: string | null = null;
    const push = (n: number, writer: string | null) => {
      if (n <= 0) return;
      if (pending > 0 && writer !== pendingWriter) {
        emit(pending, pendingWriter);
        pending = 0;
      }
      pendingWriter = writer;
      pending += n;
    };
    for (const range of list) {
      const rEnd = range.clock + range.length;
      if (rEnd <= at) continue;
      if (range.clock >= end) break;
      push(Math.max(0, range.clock - at), own);
      const from = Math.max(at, range.clock);
      const to = Math.min(end, rEnd);
      push(to - from, range.userId);
      at = to;
    }
    push(end - at, own);
    if (pending > 0) emit(pending, pendingWriter);
  }

  private rangeAt(clientId: number, clock: number): MovedRange | undefined {
    const list = this.moved.get(clientId);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid]!;
      if (clock < r.clock) hi = mid - 1;
      else if (clock >= r.clock + r.length) lo = mid + 1;
      else return r;
    }
    return undefined;
  }
}

/** The visible string items of one XmlText, in order (formatting marks and embeds skipped). */
export function* textItems(text: Y.XmlText): Generator<Y.Item> {
  for (let item = text._start; item; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString) yield item;
  }
}

/** Each paragraph of a concern note as runs of text by writer (the record's form of it). */
export function concernRuns(fragment: Y.XmlFragment, attribution: Attribution): WriterRun[][] {
  const paragraphs: WriterRun[][] = [];
  for (const block of fragment.toArray()) {
    const runs: WriterRun[] = [];
    const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
      if (node instanceof Y.XmlText) {
        for (const item of textItems(node)) {
          const str = (item.content as Y.ContentString).str;
          let offset = 0;
          attribution.split(item.id.client, item.id.clock, item.length, (n, writerId) => {
            const piece = str.slice(offset, offset + n);
            offset += n;
            const last = runs[runs.length - 1];
            if (last && last.writerId === writerId) last.text += piece;
            else runs.push({ text: piece, writerId });
          });
        }
      } else if (node instanceof Y.XmlElement) {
        for (const child of node.toArray()) visit(child);
      }
    };
    visit(block);
    paragraphs.push(runs);
  }
  return paragraphs;
}
