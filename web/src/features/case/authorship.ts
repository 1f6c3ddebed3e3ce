/**
 * Who typed each character of the concern note (docs/SPEC.md, P10, AT1, WB3):
 * runs of ProseMirror positions by writer, read from the Yjs items under the
 * editor (y-prosemirror keeps the fragment and the ProseMirror document child
 * for child) and the server's attribution (useAuthorship): a character is its
 * client id's writer unless the server recorded that it re-creates text
 * someone else typed. Never from anything a browser wrote into the document.
 * Pure, so it can be measured without a browser (bench/labels.ts).
 */
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';
import type { Attribution } from '../../../../shared/authorship.js';

export interface WriterSpan {
  from: number;
  to: number;
  /** The writer's user id; for a client id without a binding yet, `client:<id>`. */
  writer: string;
  known: boolean;
}

/** Runs of consecutive characters by one writer, in document order (empty when the two trees disagree). */
export function writerSpans(fragment: Y.XmlFragment, doc: PMNode, attribution: Attribution): WriterSpan[] {
  const blocks = fragment.toArray();
  if (blocks.length !== doc.childCount) return [];
  const spans: WriterSpan[] = [];
  doc.forEach((_node, offset, index) => {
    const block = blocks[index];
    if (block instanceof Y.XmlElement) spans.push(...blockSpans(block, offset + 1, attribution));
  });
  return spans;
}

/** The runs of one paragraph whose content starts at ProseMirror position `start`. */
export function blockSpans(block: Y.XmlElement, start: number, attribution: Attribution): WriterSpan[] {
  const spans: WriterSpan[] = [];
  let pos = start;
  const push = (length: number, writerId: string | null, clientId: number) => {
    const writer = writerId ?? `client:${clientId}`;
    const last = spans[spans.length - 1];
    if (last && last.to === pos && last.writer === writer) last.to += length;
    else spans.push({ from: pos, to: pos + length, writer, known: writerId !== null });
    pos += length;
  };
  for (const child of block.toArray()) {
    if (!(child instanceof Y.XmlText)) {
      pos += 1; // an inline leaf (hard break)
      continue;
    }
    for (let item = child._start; item; item = item.right) {
      if (item.deleted || !item.countable) continue; // formatting marks take no position
      const { client, clock } = item.id;
      attribution.split(client, clock, item.length, (n, writerId) => push(n, writerId, client));
    }
  }
  return spans;
}
