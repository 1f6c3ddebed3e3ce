/**
 * A ~340 KB document with a long editing history: several authors typing
 * word by word in bursts at random places, with deletions, so the state holds
 * thousands of items and tombstones rather than one long string.
 * Deterministic (fixed seed), built once per run.
 */
import * as Y from 'yjs';

export function buildBigDoc(targetBytes = 340 * 1024): Uint8Array {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const words = ['elev', 'skole', 'trivsel', 'møde', 'handleplan', 'forældre', 'opfølgning', 'SSD', 'aftale', 'indsats'];
  const doc = new Y.Doc();
  const text = doc.getText('content');
  let size = 0;
  for (let burst = 0; size < targetBytes && burst < 200_000; burst++) {
    doc.clientID = 1000 + (burst % 6); // one author per burst
    const len = text.length;
    let at = Math.floor(rnd() * (len + 1));
    if (len > 100 && rnd() < 0.15) {
      text.delete(Math.min(at, len - 30), 1 + Math.floor(rnd() * 30));
    } else {
      const n = 10 + Math.floor(rnd() * 50);
      for (let w = 0; w < n; w++) {
        const word = words[Math.floor(rnd() * words.length)]! + ' ';
        text.insert(at, word); // one transaction per word
        at += word.length;
      }
    }
    if (burst % 100 === 0) size = Y.encodeStateAsUpdate(doc).byteLength;
  }
  const out = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return out;
}
