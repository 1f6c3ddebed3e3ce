/**
 * npx tsx bench/guard-cost.ts: what each input defence on the keystroke path
 * costs per keystroke (docs/performance.md), measured on realistic updates:
 * 8 writers typing one character each into a shared text, as the typing bench does.
 * Prints microseconds per call, the median of 5 runs of 20 000 calls.
 */
import * as Y from 'yjs';
import { LIMITS } from '../shared/limits.js';
import { ClientBindings } from '../server/collab/bindings.js';
import { TokenBucket } from '../server/collab/rate-limit.js';
import { inspectUpdate } from '../server/collab/update-guard.mjs';

const N = 20_000;
const writers = Array.from({ length: 8 }, () => new Y.Doc());
const server = new Y.Doc();
const updates: Array<{ update: Uint8Array; before: Map<number, number> }> = [];
for (let i = 0; i < N; i++) {
  const w = writers[i % writers.length]!;
  Y.applyUpdate(w, Y.encodeStateAsUpdate(server, Y.encodeStateVector(w)));
  const sv = Y.encodeStateVector(w);
  w.getText('t').insert(w.getText('t').length > 0 ? i % w.getText('t').length : 0, 'x');
  const update = Y.encodeStateAsUpdate(w, sv);
  updates.push({ update, before: new Map(Y.decodeStateVector(Y.encodeStateVector(server))) });
  Y.applyUpdate(server, update);
}

function time(label: string, run: () => void): void {
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    run();
    samples.push(((performance.now() - t0) * 1000) / N);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} ${samples[2]!.toFixed(2)} µs per keystroke`);
}

time('P8 inspectUpdate (update guard)', () => {
  for (const { update, before } of updates) if (!inspectUpdate(update, (c) => before.get(c) ?? 0).ok) throw new Error('refused');
});
const bindings = new ClientBindings();
bindings.learn(writers.map((w) => ({ clientId: w.clientID, userId: `u${w.clientID}`, sector: 'SKOLE' as const })));
const advances = writers.map((w) => new Map([[w.clientID, 1]]));
time('P10 bindings.check (authorship)', () => {
  for (let i = 0; i < N; i++) {
    const w = writers[i % writers.length]!;
    const v = bindings.check({ userId: `u${w.clientID}`, sector: 'SKOLE' }, advances[i % writers.length]!.keys(), () => true, () => undefined);
    if (!v.ok) throw new Error('refused');
  }
});
const rate = new TokenBucket(LIMITS.updateRate);
const bytes = new TokenBucket(LIMITS.updateBytes);
time('P11 two token buckets (rate limits)', () => {
  for (let i = 0; i < N; i++) {
    rate.take(0);
    bytes.take(0);
  }
});
time('for scale: Y.applyUpdate of the same update', () => {
  const d = new Y.Doc();
  for (const { update } of updates) Y.applyUpdate(d, update);
});
