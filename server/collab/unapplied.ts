/**
 * Committed updates the server copy has not applied to its Y.Doc yet
 * (server-copy.ts), in arrival order, kept as bytes.
 *
 * A busy room holds a thousand or more of them between two compactions. As
 * one object each (with a view into the socket chunk it arrived in) they all
 * outlived the young generation: every scavenge copied them and the old
 * generation grew by the keystroke, so garbage collection paused the event
 * loop for 5-8 ms every few dozen milliseconds at 200 rooms x 8 typists
 * (docs/performance.md). Here a small update is copied into a shared chunk
 * and its place kept in plain number arrays: no object per update for the
 * collector to trace, and the socket's chunk is free at once.
 */
import type { Writer } from './bindings.js';

/** Bytes per chunk; an update this size or larger is kept as it is, in a chunk of its own. */
const CHUNK_BYTES = 32 * 1024;
const OWN_CHUNK_AT = 4 * 1024;

export class UnappliedUpdates {
  private chunks: Uint8Array[] = [];
  /** Bytes used in the last chunk. */
  private used = CHUNK_BYTES;
  private readonly chunkOf: number[] = [];
  private readonly startOf: number[] = [];
  private readonly lengthOf: number[] = [];
  private readonly seqOf: number[] = [];
  /** Only analysed updates have a writer; null for all others. */
  private readonly writerOf: (Writer | null)[] = [];
  private writers = 0;

  get length(): number {
    return this.seqOf.length;
  }

  /** Whether an update waits to be analysed (it has a writer). */
  get hasWriters(): boolean {
    return this.writers > 0;
  }

  push(update: Uint8Array, writer: Writer | null, seq: number): void {
    const n = update.byteLength;
    if (n >= OWN_CHUNK_AT) {
      this.chunks.push(update);
      this.chunkOf.push(this.chunks.length - 1);
      this.startOf.push(0);
      this.used = CHUNK_BYTES; // the next small one starts a new chunk
    } else {
      if (this.used + n > CHUNK_BYTES) {
        this.chunks.push(new Uint8Array(CHUNK_BYTES));
        this.used = 0;
      }
      this.chunks[this.chunks.length - 1]!.set(update, this.used);
      this.chunkOf.push(this.chunks.length - 1);
      this.startOf.push(this.used);
      this.used += n;
    }
    this.lengthOf.push(n);
    this.seqOf.push(seq);
    this.writerOf.push(writer);
    if (writer) this.writers++;
  }

  /** The i-th update (a view, valid while this list is). */
  update(i: number): Uint8Array {
    const start = this.startOf[i]!;
    return this.chunks[this.chunkOf[i]!]!.subarray(start, start + this.lengthOf[i]!);
  }

  writer(i: number): Writer | null {
    return this.writerOf[i]!;
  }

  seq(i: number): number {
    return this.seqOf[i]!;
  }

  /** A new list of the updates from `seq` on (copied), after `first` (e.g. a merged state) if given. */
  from(seq: number, first?: { update: Uint8Array; seq: number }): UnappliedUpdates {
    const out = new UnappliedUpdates();
    if (first) out.push(first.update, null, first.seq);
    for (let i = 0; i < this.length; i++) if (this.seqOf[i]! >= seq) out.push(this.update(i), this.writerOf[i]!, this.seqOf[i]!);
    return out;
  }
}
