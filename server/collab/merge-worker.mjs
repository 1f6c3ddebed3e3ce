// The merge behind compaction (server/collab/merger.ts): Yjs updates in, one
// encoded state out. Run as a worker thread so that a compaction never stalls
// the event loop that relays keystrokes; importable too, for the fallback.
// Plain JavaScript so that it starts the same way under tsx, Vitest and Node.
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { sanitizeAll } from './update-guard.mjs';

/**
 * On Linux a thread has a nice value of its own: the merge thread takes the
 * lowest (19), so where it shares a core with the event loop (a container
 * with one core, the benchmark's pinned server) the kernel gives it the time
 * the event loop leaves idle instead of half the core while a compaction
 * runs (measured: docs/performance.md). With spare cores it runs as before.
 * Elsewhere, or without /proc, nothing changes.
 */
export const MERGE_ROLE = 'samraad-merge';

function lowerOwnPriority() {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
  } catch {
    // not Linux, or not allowed: the merge still runs, at normal priority
  }
}
// Only in the merge thread merger.ts starts (this module is imported elsewhere for the inline fallback).
if (parentPort && workerData?.role === MERGE_ROLE) lowerOwnPriority();

/**
 * Applies every update to a fresh document in one transaction and encodes it.
 * What cannot integrate (yet: D6, or ever: stored before the update guard
 * existed, P9) is left out first: applying it would stall, and it would stay
 * in the snapshot. `incomplete` names those updates: they stay in the log.
 */
export function mergeToState(updates) {
  const doc = new Y.Doc();
  try {
    const clean = sanitizeAll(updates);
    Y.transact(doc, () => {
      for (const update of clean.updates) Y.applyUpdate(doc, update);
    });
    return {
      state: Y.encodeStateAsUpdate(doc),
      droppedStructs: clean.droppedStructs,
      droppedDeletes: clean.droppedDeletes,
      unreadable: clean.unreadable,
      incomplete: clean.incomplete,
    };
  } finally {
    doc.destroy();
  }
}

/**
 * The updates of a compaction as store.ts reads them: the snapshot (or
 * nothing), then the log packed by PostgreSQL into one bytea, each update
 * after its length as 4 bytes, big-endian (int4send).
 * @param {Uint8Array | null} first
 * @param {Uint8Array} packed
 */
export function unpackUpdates(first, packed) {
  const updates = first ? [first] : [];
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  for (let at = 0; at + 4 <= packed.byteLength; ) {
    const n = view.getUint32(at);
    updates.push(packed.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return updates;
}

parentPort?.on('message', ({ id, bytes, lengths, first, packed }) => {
  try {
    let updates = [];
    if (packed) updates = unpackUpdates(first ? new Uint8Array(first) : null, new Uint8Array(packed));
    else {
      const data = new Uint8Array(bytes);
      let at = 0;
      for (const n of new Uint32Array(lengths)) {
        updates.push(data.subarray(at, at + n));
        at += n;
      }
    }
    const { state, ...dropped } = mergeToState(updates);
    // Transfer, don't copy; lib0 hands back an array of its own, but be sure.
    const own = state.byteOffset === 0 && state.byteLength === state.buffer.byteLength ? state : state.slice();
    parentPort.postMessage({ id, state: own, dropped }, [own.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
