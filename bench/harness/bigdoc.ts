/**
 * A ~340 KB document with a long editing history: many small insertions at
 * random places by several authors, with deletions, so the encoded state holds
 * many items and tombstones rather than one long string. Deterministic.
 */
import * as Y from 'yjs';

export function buildBigDoc(targetBytes = 340 * 1024): Uint8Array {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const words = ['elev', 'skole', 'trivsel', 'møde', 'handleplan', 'forældre', 'opfølgning', 'SSD', 'aftale', 'indsats'];
  const authors = Array.from({ length: 6 }, (_, i) => {
    const d = new Y.Doc();
    d.clientID = 1000 + i;
    return d;
  });
  const main = new Y.Doc();
  for (const a of authors) a.on('update', (u: Uint8Array) => Y.applyUpdate(main, u));
  main.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === 'sync') return;
  });
  let size = 0;
  for (let round = 0; size < targetBytes && round < 100_000; round++) {
    const a = authors[round % authors.length]!;
    Y.applyUpdate(a, Y.encodeStateAsUpdate(main, Y.encodeStateVector(a)), 'sync');
    const text = a.getText('content');
    const len = text.length;
    if (len > 50 && rnd() < 0.2) {
      const at = Math.floor(rnd() * (len - 10));
      text.delete(at, 1 + Math.floor(rnd() * 8));
    } else {
      const at = Math.floor(rnd() * (len + 1));
      text.insert(at, words[Math.floor(rnd() * words.length)]! + ' ');
    }
    if (round % 200 === 0) size = Y.encodeStateAsUpdate(main).byteLength;
  }
  const out = Y.encodeStateAsUpdate(main);
  for (const d of [...authors, main]) d.destroy();
  return out;
}
