/**
 * Which Yjs client inserted each character of the concern note (docs/SPEC.md,
 * P10, WB3): runs of ProseMirror positions by client id, read from the Yjs
 * items under the editor (y-prosemirror keeps the fragment and the
 * ProseMirror document child for child). Who a client id is comes from the
 * server's bindings (useWriters), never from anything a browser wrote into
 * the document. Pure, so it can be measured without a browser.
 */
import type { Node as PMNode } from 'prosemirror-model';
import * as Y from 'yjs';

export interface ClientRun {
  from: number;
  to: number;
  clientId: number;
}

/** Runs of consecutive characters by one client, in document order (empty when the two trees disagree). */
export function clientRuns(fragment: Y.XmlFragment, doc: PMNode): ClientRun[] {
  const blocks = fragment.toArray();
  if (blocks.length !== doc.childCount) return [];
  const runs: ClientRun[] = [];
  doc.forEach((_node, offset, index) => {
    const block = blocks[index];
    if (block instanceof Y.XmlElement) inlineRuns(block, offset + 1, runs);
  });
  return runs;
}

function inlineRuns(block: Y.XmlElement, start: number, runs: ClientRun[]): void {
  let pos = start;
  for (const child of block.toArray()) {
    if (!(child instanceof Y.XmlText)) {
      pos += 1; // an inline leaf (hard break)
      continue;
    }
    for (let item = child._start; item; item = item.right) {
      if (item.deleted || !item.countable) continue; // formatting marks take no position
      const last = runs[runs.length - 1];
      if (last && last.to === pos && last.clientId === item.id.client) last.to += item.length;
      else runs.push({ from: pos, to: pos + item.length, clientId: item.id.client });
      pos += item.length;
    }
  }
}
