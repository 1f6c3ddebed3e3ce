/**
 * The update guard (docs/SPEC.md, P8-P9) on updates built byte by byte, and a
 * property check against Yjs itself: whatever the guard accepts integrates
 * into a Y.Doc completely, with nothing left pending.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { any, craft, gc, pendingFlood, skip, text } from '../../tests/helpers/hostile-updates.js';
import { inspectUpdate, sanitizeAll, UPDATE_LIMITS } from './update-guard.mjs';

const empty = () => 0;
const refusal = (u: Uint8Array, stateOf: (c: number) => number = empty) => {
  const r = inspectUpdate(u, stateOf);
  return r.ok ? 'accepted' : r.kind;
};

/** Yjs's own verdict: does the update leave anything pending in a doc that has `base`? */
function leavesPending(base: Uint8Array[], update: Uint8Array): boolean {
  const doc = new Y.Doc();
  for (const b of base) Y.applyUpdate(doc, b);
  Y.applyUpdate(doc, update);
  const pending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  doc.destroy();
  return pending;
}

describe('update guard', () => {
  it('[P8] accepts what a real client sends: typing, deletes, formatting, a full state', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const t = doc.getText('t');
    for (let i = 0; i < 300; i++) t.insert(Math.floor(Math.random() * (t.length + 1)), 'ab');
    t.delete(5, 100);
    t.format(0, 20, { bold: true });
    doc.getMap('m').set('k', { nested: [1, 2, { x: 'y' }] });
    const clocks = new Map<number, number>();
    for (const u of updates) {
      const r = inspectUpdate(u, (c) => clocks.get(c) ?? 0);
      expect(r.ok).toBe(true);
      if (r.ok) for (const [c, k] of r.advances) clocks.set(c, k);
    }
    expect(refusal(Y.encodeStateAsUpdate(doc))).toBe('accepted');
  });

  it('[P8] refuses pending structs: a flood of clients each behind a clock gap, in well under a millisecond per client', () => {
    const flood = pendingFlood(40_000, 1000);
    const started = performance.now();
    expect(refusal(flood)).toBe('too_large');
    expect(performance.now() - started).toBeLessThan(1000); // Yjs itself needs seconds to apply it
    const few = craft([{ client: 7, clock: 5, structs: [gc(1)] }]);
    expect(refusal(few)).toBe('missing');
    expect(leavesPending([], few)).toBe(true);
  });

  it('[P8] refuses pending deletes, holes, huge lengths, self-references, duplicates, deep nesting, subdocuments', () => {
    expect(refusal(craft([], [[999, 0, 100_000]]))).toBe('missing'); // deletes of a client nobody has
    expect(refusal(craft([{ client: 1, clock: 0, structs: [gc(3), skip(2), gc(1)] }]))).toBe('missing');
    expect(refusal(craft([{ client: 1, clock: 0, structs: [gc(2 ** 40)] }])), 'huge').toBe('malformed');
    expect(refusal(craft([{ client: 1, clock: 0, structs: [text('a', [1, 5])] }])), 'self').toBe('malformed');
    expect(refusal(craft([{ client: 1, clock: 0, structs: [gc(1)] }, { client: 1, clock: 1, structs: [gc(1)] }])), 'dup').toBe('malformed');
    let deep: unknown = 1;
    for (let i = 0; i < UPDATE_LIMITS.maxValueDepth + 2; i++) deep = [deep];
    expect(refusal(craft([{ client: 1, clock: 0, structs: [any(deep)] }])), 'deep').toBe('malformed');
    const withSub = new Y.Doc();
    withSub.getMap('m').set('sub', new Y.Doc());
    expect(refusal(Y.encodeStateAsUpdate(withSub)), 'subdoc').toBe('malformed');
    expect(refusal(new Uint8Array([1, 200, 7]))).toBe('malformed');
  });

  it('[P8] refuses a dependency cycle between two clients, which Yjs would keep pending', () => {
    // Client 1's second item follows client 2's first, and client 2's first follows client 1's second.
    const cycle = craft([
      { client: 1, clock: 0, structs: [text('a', null), text('b', [2, 0])] },
      { client: 2, clock: 0, structs: [text('c', [1, 1])] },
    ]);
    expect(refusal(cycle)).toBe('missing');
    expect(leavesPending([], cycle)).toBe(true);
  });

  it('[P8] agrees with Yjs on random orders of a real history: accepted means nothing pending', () => {
    const docs = [1, 2, 3].map((id) => {
      const d = new Y.Doc();
      d.clientID = id;
      return d;
    });
    const history: Uint8Array[] = [];
    for (const d of docs) d.on('update', (u: Uint8Array) => history.push(u));
    for (let step = 0; step < 120; step++) {
      const d = docs[step % 3]!;
      const t = d.getText('t');
      if (t.length > 4 && step % 5 === 0) t.delete(1, 2);
      else t.insert(Math.floor(Math.random() * (t.length + 1)), `${step % 10}`);
      // Share with one other doc now and then, so updates depend on other clients.
      const other = docs[(step + 1) % 3]!;
      if (step % 2 === 0) Y.applyUpdate(other, Y.encodeStateAsUpdate(d, Y.encodeStateVector(other)));
    }
    let accepted = 0;
    for (let trial = 0; trial < 200; trial++) {
      const base = history.filter(() => Math.random() < 0.7);
      const next = history[Math.floor(Math.random() * history.length)]!;
      const doc = new Y.Doc();
      for (const b of base) Y.applyUpdate(doc, b);
      const clocks = Y.decodeStateVector(Y.encodeStateVector(doc));
      // Only a base without pending parts is a state the server can be in.
      if (doc.store.pendingStructs || doc.store.pendingDs) continue;
      const r = inspectUpdate(next, (c) => clocks.get(c) ?? 0);
      expect(r.ok, `trial ${trial}`).toBe(!leavesPending([Y.encodeStateAsUpdate(doc)], next));
      if (r.ok) accepted++;
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('[P9] a poisoned store keeps what integrates and drops the rest, fast', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'behold mig');
    const good = Y.encodeStateAsUpdate(doc);
    const poison = craft(Array.from({ length: 40_000 }, (_, i) => ({ client: 1000 + i, clock: 5, structs: [gc(1)] })), [[999, 0, 100_000]]);
    const started = performance.now();
    const clean = sanitizeAll([good, poison, Y.mergeUpdates([good, poison])]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(clean.droppedStructs).toBeGreaterThanOrEqual(40_000);
    const loaded = new Y.Doc();
    for (const u of clean.updates) Y.applyUpdate(loaded, u);
    expect(loaded.getText('t').toString()).toBe('behold mig');
    expect(loaded.store.pendingStructs).toBeNull();
    expect(loaded.store.pendingDs).toBeNull();
  });

  it('[P9] stored rows out of dependency order (two batches written at once) all integrate', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 10; i++) doc.getText('t').insert(i, `${i}`);
    const swapped = [updates[1]!, updates[0]!, ...updates.slice(2)];
    const clean = sanitizeAll(swapped);
    const loaded = new Y.Doc();
    for (const u of clean.updates) Y.applyUpdate(loaded, u);
    expect(loaded.getText('t').toString()).toBe('0123456789');
    expect(clean.droppedStructs).toBe(0);
  });
});
