/**
 * Compaction's merge runs on a worker thread (server/collab/merger.ts, D4):
 * it must give exactly what merging inline gives, and keep working when the
 * worker cannot run.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeToState } from '../server/collab/merge-worker.mjs';
import { UpdateMerger } from '../server/collab/merger.js';
import { setLogLevel } from '../server/observability/log.js';
import { expectLogErrors } from './helpers/fail-on-console-error.js';

setLogLevel('silent'); // the fallback test's worker failure is logged on purpose

/** 8 writers typing and deleting in one shared text and one text each, as separate small updates. */
function typingHistory(n: number): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const writers = Array.from({ length: 8 }, () => new Y.Doc());
  for (const w of writers) w.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < n; i++) {
    const w = writers[i % 8]!;
    const t = w.getText(i % 2 ? 'shared' : `own${w.clientID}`);
    if (t.length > 3 && i % 10 === 0) t.delete(i % t.length, 1);
    else t.insert(t.length === 0 ? 0 : i % t.length, String.fromCharCode(97 + (i % 26)));
  }
  return updates;
}

function text(state: Uint8Array, name: string): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText(name).toString();
}

describe('compaction merge', () => {
  it('[D4] the worker merges a long history into the same state as an inline merge', async () => {
    const updates = typingHistory(1200);
    const merger = new UpdateMerger();
    try {
      const { state: onWorker } = await merger.merge(updates);
      expect(merger.usesWorker).toBe(true);
      const inline = mergeToState(updates).state;
      expect(Buffer.from(onWorker).equals(Buffer.from(inline))).toBe(true);
      // And the state is the document: every writer's text, shared text included.
      const live = new Y.Doc();
      for (const u of updates) Y.applyUpdate(live, u);
      expect(text(onWorker, 'shared')).toBe(live.getText('shared').toString());
      expect(text(onWorker, 'shared').length).toBeGreaterThan(400);
      // The caller's updates are untouched (they were copied, not transferred).
      expect(updates.every((u) => u.byteLength > 0)).toBe(true);
    } finally {
      await merger.close();
    }
  });

  it('[D4] several merges in flight each get their own answer', async () => {
    const merger = new UpdateMerger();
    try {
      const histories = [typingHistory(50), typingHistory(300), typingHistory(10)];
      const states = await Promise.all(histories.map(async (h) => (await merger.merge(h)).state));
      states.forEach((s, i) => {
        expect(Buffer.from(s).equals(Buffer.from(mergeToState(histories[i]!).state))).toBe(true);
      });
    } finally {
      await merger.close();
    }
  });

  it('[D4] when the worker cannot start, merges run inline and still succeed', async () => {
    expectLogErrors('collab_merge_worker_failed'); // the missing worker is the point
    const merger = new UpdateMerger(new URL('./no-such-merge-worker.mjs', import.meta.url));
    try {
      const updates = typingHistory(100);
      const { state } = await merger.merge(updates);
      expect(merger.usesWorker).toBe(false);
      expect(Buffer.from(state).equals(Buffer.from(mergeToState(updates).state))).toBe(true);
    } finally {
      await merger.close();
    }
  });
});
