/**
 * The server copy takes a compaction's merged state in place of the committed
 * updates it covers (server/collab/server-copy.ts, rebase), so a busy document
 * nobody joins mid-way is never applied on the event loop. Whatever the copy
 * then hands a joiner must be the document: every update before the mark is in
 * the merge, every one after it stays.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeToState } from '../server/collab/merge-worker.mjs';
import { ServerCopy } from '../server/collab/server-copy.js';
import { inspectUpdate } from '../server/collab/update-guard.mjs';

function typing(n: number): { updates: Uint8Array[]; live: Y.Doc } {
  const live = new Y.Doc();
  const writers = Array.from({ length: 8 }, () => new Y.Doc());
  const updates: Uint8Array[] = [];
  for (const w of writers) w.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < n; i++) {
    const w = writers[i % 8]!;
    // Each writer sees the others first (as over the socket), then types one character or deletes one.
    Y.applyUpdate(w, Y.encodeStateAsUpdate(live, Y.encodeStateVector(w)));
    const t = w.getText('t');
    const before = updates.length;
    if (t.length > 5 && i % 10 === 0) t.delete(i % t.length, 1);
    else t.insert(i % (t.length + 1), String.fromCharCode(97 + (i % 26)));
    for (const u of updates.slice(before)) Y.applyUpdate(live, u);
  }
  return { updates, live };
}

function commitAll(copy: ServerCopy, updates: Uint8Array[]): void {
  for (const u of updates) {
    const inspection = inspectUpdate(u, (client) => copy.clockOf(client));
    if (!inspection.ok) throw new Error(inspection.reason);
    copy.commit(u, inspection.advances);
  }
}

const textOf = (update: Uint8Array) => {
  const d = new Y.Doc();
  Y.applyUpdate(d, update);
  return d.getText('t').toString();
};

describe('server copy rebase', () => {
  it('[D4] a merge of what came before the mark, plus what came after it, is the whole document', () => {
    const { updates, live } = typing(600);
    const copy = new ServerCopy('doc');
    commitAll(copy, updates.slice(0, 400));
    const mark = copy.mark();
    commitAll(copy, updates.slice(400, 450)); // committed while the compaction ran: maybe in its merge, maybe not
    const merged = mergeToState(updates.slice(0, 420)).state; // the compaction saw a little past the mark
    copy.rebase(merged, mark);
    commitAll(copy, updates.slice(450));
    expect(copy.current().getText('t').toString()).toBe(live.getText('t').toString());
    expect(Buffer.from(copy.stateVector()).equals(Buffer.from(Y.encodeStateVector(live)))).toBe(true);
  });

  it('[D4] with nothing after the mark, a first joiner gets the merged state without the copy being built', () => {
    const { updates, live } = typing(300);
    const copy = new ServerCopy('doc');
    commitAll(copy, updates);
    const mark = copy.mark();
    copy.rebase(mergeToState(updates).state, mark);
    const frame = copy.fullSyncFrame();
    // Frame header (2 or 4 bytes), then sync step 2 (0, 1) and the update with its length.
    const at = frame[1]! < 126 ? 2 : 4;
    const d = { buf: frame.subarray(at + 2) };
    let len = 0;
    let shift = 0;
    let i = 0;
    for (;;) {
      const b = d.buf[i++]!;
      len += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    expect(textOf(d.buf.subarray(i, i + len))).toBe(live.getText('t').toString());
  });

  it('[D4] once the copy is built, a rebase changes nothing', () => {
    const { updates, live } = typing(200);
    const copy = new ServerCopy('doc');
    commitAll(copy, updates.slice(0, 150));
    copy.current();
    const mark = copy.mark();
    copy.rebase(mergeToState(updates.slice(0, 10)).state, mark); // a wrong merge would show
    commitAll(copy, updates.slice(150));
    expect(copy.current().getText('t').toString()).toBe(live.getText('t').toString());
  });
});
