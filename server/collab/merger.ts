/**
 * Compaction's merge of snapshot + log into one state, on a worker thread
 * (merge-worker.mjs). Merging a thousand updates takes the main thread 5-30 ms,
 * and every keystroke of every room waits behind it; on the worker it only
 * takes a share of a core. If the worker cannot run, the merge runs inline:
 * slower for everyone, but compaction never stops.
 */
import { Worker } from 'node:worker_threads';
import { log } from '../observability/log.js';
import { MERGE_ROLE, mergeToState, unpackUpdates, type Dropped } from './merge-worker.mjs';

interface Waiting {
  resolve(result: { state: Uint8Array } & Dropped): void;
  reject(err: Error): void;
}

export class UpdateMerger {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private broken = false;
  /** Whether merges go to the worker (false once it failed: they then run inline). */
  get usesWorker(): boolean {
    return !this.broken;
  }

  constructor(private readonly workerUrl: URL = new URL('./merge-worker.mjs', import.meta.url)) {}

  /**
   * The encoded state of all `updates` together (as Y.encodeStateAsUpdate of a
   * doc that applied them all), and which of them did not integrate completely.
   */
  async merge(updates: Uint8Array[]): Promise<{ state: Uint8Array; incomplete: number[] }> {
    const worker = this.broken ? null : (this.worker ??= this.start());
    // The updates are copied for the worker, so they are still here for the fallback.
    const { state, incomplete, ...dropped } = worker ? await this.mergeOn(worker, updates).catch(() => mergeToState(updates)) : mergeToState(updates);
    if (dropped.droppedStructs || dropped.droppedDeletes || dropped.unreadable) {
      log.warn('collab_stored_update_dropped', { at: 'compaction', kept: incomplete.length, ...dropped });
    }
    return { state, incomplete };
  }

  /**
   * `merge` of the snapshot `first` (or none) and the log `packed` as store.ts
   * reads it (unpackUpdates): the worker gets two buffers, not an object per row.
   */
  async mergePacked(first: Uint8Array | null, packed: Uint8Array): Promise<{ state: Uint8Array; incomplete: number[] }> {
    const worker = this.broken ? null : (this.worker ??= this.start());
    const inline = () => mergeToState(unpackUpdates(first, packed));
    const { state, incomplete, ...dropped } = worker ? await this.packedOn(worker, first, packed).catch(inline) : inline();
    if (dropped.droppedStructs || dropped.droppedDeletes || dropped.unreadable) {
      log.warn('collab_stored_update_dropped', { at: 'compaction', kept: incomplete.length, ...dropped });
    }
    return { state, incomplete };
  }

  private packedOn(worker: Worker, first: Uint8Array | null, packed: Uint8Array): Promise<{ state: Uint8Array } & Dropped> {
    // Copies (the originals stay here for the inline fallback) in buffers of their own, transferred, not cloned.
    // (new Uint8Array(x) copies; a Buffer's slice() would be a view of pg's shared 8 KB slab.)
    const f = first ? new Uint8Array(first) : null;
    const p = new Uint8Array(packed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, first: f?.buffer, packed: p.buffer }, f ? [f.buffer, p.buffer] : [p.buffer]);
    });
  }

  private mergeOn(worker: Worker, updates: Uint8Array[]): Promise<{ state: Uint8Array } & Dropped> {
    let total = 0;
    for (const u of updates) total += u.byteLength;
    // One buffer for all updates: pg's Buffers share 8 KB slabs, which cannot be transferred and would be cloned whole.
    const bytes = new Uint8Array(total);
    const lengths = new Uint32Array(updates.length);
    let at = 0;
    updates.forEach((u, i) => {
      bytes.set(u, at);
      lengths[i] = u.byteLength;
      at += u.byteLength;
    });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, bytes: bytes.buffer, lengths: lengths.buffer }, [bytes.buffer, lengths.buffer]);
    });
  }

  private start(): Worker | null {
    let worker: Worker;
    try {
      // Plain Node: the worker is JavaScript and needs no loader (tsx would add ~200 ms to its start).
      worker = new Worker(this.workerUrl, { execArgv: [], workerData: { role: MERGE_ROLE } });
    } catch (err) {
      this.giveUp(err as Error);
      return null;
    }
    worker.unref(); // an idle merger never keeps the process alive
    worker.on('message', (m: { id: number; state?: Uint8Array; dropped?: Dropped; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.state) w?.resolve({ state: m.state, ...m.dropped! });
      else w?.reject(new Error(m.error ?? 'merge failed'));
    });
    worker.on('error', (err) => this.giveUp(err));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failWaiting(new Error('merge worker exited'));
    });
    return worker;
  }

  /** After a worker failure every merge runs inline; one log line says so. */
  private giveUp(err: Error): void {
    if (!this.broken) log.error('collab_merge_worker_failed', { err: err.message });
    this.broken = true;
    this.worker = null;
    this.failWaiting(err);
  }

  private failWaiting(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
