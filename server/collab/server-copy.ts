/**
 * The server's copy of one document (docs/SPEC.md, D1, P8-P9): only ever
 * committed state, built lazily.
 *
 * Committed updates are relayed at once but applied to the Y.Doc only when
 * someone needs it (a join that needs a diff, a catch-up) or when a few
 * thousand have piled up: nobody reads the copy in between. Until then a
 * compaction's merge replaces what it covers (`rebase`): the worker merged
 * those updates anyway, so a document nobody joins mid-way is never applied
 * here at all (applying was about a twentieth of the server's CPU per
 * keystroke). Documents whose updates are analysed (AT1: case documents) are
 * applied within ANALYSE_AFTER_MS as before. The Y.Doc is created on first
 * use (a Y.Doc draws random ids, which is not free when a reconnect storm
 * loads a hundred rooms). Each client's clock is kept as a map from every
 * accepted update, so the update guard and the state vector need no Y.Doc.
 */
import * as Y from 'yjs';
import { log } from '../observability/log.js';
import { wireFrame } from './outbox.js';
import { encodeSyncStep2FromUpdate } from './protocol.js';
import type { Writer } from './bindings.js';
import { UnappliedUpdates } from './unapplied.js';
import { raiseClocks, sanitizeAll } from './update-guard.mjs';

/**
 * Committed updates held back from the Y.Doc before they are applied in one go
 * (plus up to 100 % jitter per room, so busy rooms do not all apply in the same
 * turn). Above the compaction threshold (COMPACT_AFTER_UPDATES, 1000 by
 * default), so that a busy room's compactions rebase the copy before this is
 * reached; it bounds the copy's memory (~100 bytes an update) when they cannot.
 */
const MAX_UNAPPLIED = 2048;

/** Transaction origin of a catch-up from PostgreSQL (its 'update' event is the diff to relay). */
const CATCH_UP = Symbol('catch-up');

/**
 * How soon committed updates are applied when someone analyses them (AT1): the
 * labels of moved text follow within about this much, and the apply still
 * never runs in the turn that relays.
 */
const ANALYSE_AFTER_MS = 100;

/** Looks at committed updates as they are applied (attribution.ts). */
export interface UpdateAnalyser {
  /** Every transaction on the copy. */
  observe(tr: Y.Transaction): void;
  /** The transaction of one update of a known writer (after `observe`). */
  analyse(tr: Y.Transaction, writer: Writer, update: Uint8Array): void;
}

export class ServerCopy {
  private doc: Y.Doc | null = null;
  /** Committed, not yet applied; an update's writer is kept only when it is to be analysed. */
  private unapplied = new UnappliedUpdates();
  /** Updates taken so far (loaded, committed, remote); the next one's seq. */
  private seq = 0;
  /** Set for case documents: then each update of a known writer is applied in its own transaction and analysed. */
  private analyser: UpdateAnalyser | null = null;
  /** Each client's clock in the committed state (the state vector as a map). */
  private clocks = new Map<number, number>();
  private readonly applyThreshold = MAX_UNAPPLIED + Math.floor(Math.random() * MAX_UNAPPLIED);
  private applyScheduled = false;
  private destroyed = false;
  /**
   * The frame of sync step 2 for a client that has nothing yet, built once and
   * reused until the next update (cold joins and reconnect storms of big documents).
   */
  private fullSync: Buffer | null = null;
  /** The state vector, encoded once per version (joins and reconnect storms). */
  private encodedStateVector: Uint8Array | null = null;

  constructor(private readonly documentId: string) {}

  analyseWith(analyser: UpdateAnalyser): void {
    this.analyser = analyser;
    this.doc?.on('afterTransaction', (tr: Y.Transaction) => this.observe(tr));
  }

  private observe(tr: Y.Transaction): void {
    try {
      this.analyser?.observe(tr);
    } catch (err) {
      log.error('collab_attribution_failed', { doc: this.documentId, err: (err as Error).message });
    }
  }

  /**
   * Takes what was read from storage (snapshot first, then the log), cleaned
   * by the guard (P9). Returns the size of what was kept. A compacted
   * document's snapshot is exactly its full state: the first joiner gets it
   * as its sync step 2 without any Yjs work.
   */
  load(stored: Uint8Array[], logRows: number): number {
    const { updates, state } = this.sanitize(stored);
    this.clocks = state;
    // Read before anything committed since (which waits in `unapplied` already), so it goes first; its seqs are
    // below theirs only in the order taken, which is all `rebase` needs (it keeps what came after its mark).
    const loaded = new UnappliedUpdates();
    for (const update of updates) loaded.push(update, null, this.seq++);
    const waiting = this.unapplied;
    for (let i = 0; i < waiting.length; i++) loaded.push(waiting.update(i), waiting.writer(i), waiting.seq(i));
    this.unapplied = loaded;
    if (updates.length === 1 && logRows === 0) this.fullSync = wireFrame(encodeSyncStep2FromUpdate(updates[0]!));
    return updates.reduce((n, u) => n + u.byteLength, 0);
  }

  /** A client's clock in the committed state (0 if it has written nothing). */
  clockOf(clientId: number): number {
    return this.clocks.get(clientId) ?? 0;
  }

  /** Whether the document holds items of this client. */
  holds(clientId: number): boolean {
    return this.clocks.has(clientId);
  }

  /**
   * A committed update, reaching `advances` (from the guard). Queued for the
   * Y.Doc; when enough have piled up they are applied in a later turn, after
   * this turn's frames went out, so the apply never delays a broadcast.
   */
  commit(update: Uint8Array, advances: Map<number, number>, writer: Writer | null = null): void {
    raiseClocks(this.clocks, advances);
    const analysed = this.analyser !== null && writer !== null;
    this.unapplied.push(update, analysed ? writer : null, this.seq++);
    this.fullSync = null;
    this.encodedStateVector = null;
    if (this.applyScheduled) return;
    if (analysed) {
      this.applyScheduled = true;
      setTimeout(() => {
        this.applyScheduled = false;
        if (!this.destroyed) this.current();
      }, ANALYSE_AFTER_MS).unref();
      return;
    }
    if (this.unapplied.length < this.applyThreshold) return;
    this.applyScheduled = true;
    setImmediate(() => {
      this.applyScheduled = false;
      if (!this.destroyed) this.current();
    });
  }

  /** The place of the next update to reach the copy: everything before it has been committed. */
  mark(): number {
    return this.seq;
  }

  /**
   * A compaction merged the log, read after `mark` was taken, into `state`
   * (Y.encodeStateAsUpdate form): every update that reached the copy before
   * the mark is in it. While the Y.Doc is not built, those updates are
   * replaced by the state, so they are never applied here (the worker merged
   * them already); updates after the mark stay (if the merge has them too,
   * applying them again is harmless). Nothing changes once the Y.Doc exists or
   * when updates wait to be analysed.
   */
  rebase(state: Uint8Array, mark: number): void {
    if (this.doc || this.destroyed || this.unapplied.hasWriters) return;
    this.unapplied = this.unapplied.from(mark, { update: state, seq: mark - 1 });
    if (this.unapplied.length === 1) this.fullSync ??= wireFrame(encodeSyncStep2FromUpdate(state));
  }

  /**
   * The Y.Doc with every committed update applied: in one transaction, except
   * that an analysed update gets a transaction of its own (what it deleted and
   * inserted is only told per transaction).
   */
  current(): Y.Doc {
    if (!this.doc) {
      this.doc = new Y.Doc();
      if (this.analyser) this.doc.on('afterTransaction', (tr: Y.Transaction) => this.observe(tr));
    }
    const doc = this.doc;
    while (this.unapplied.length) {
      const pending = this.unapplied;
      this.unapplied = new UnappliedUpdates();
      let plain: Uint8Array[] = [];
      const applyPlain = () => {
        if (!plain.length) return;
        const batch = plain;
        plain = [];
        Y.transact(doc, () => {
          for (const update of batch) Y.applyUpdate(doc, update);
        });
      };
      for (let i = 0; i < pending.length; i++) {
        const update = pending.update(i);
        const writer = pending.writer(i);
        if (!writer || !this.analyser) {
          plain.push(update);
          continue;
        }
        applyPlain();
        this.applyAnalysed(doc, update, writer, this.analyser);
      }
      applyPlain();
    }
    return doc;
  }

  private applyAnalysed(doc: Y.Doc, update: Uint8Array, writer: Writer, analyser: UpdateAnalyser): void {
    const onAfter = (tr: Y.Transaction) => {
      try {
        analyser.analyse(tr, writer, update);
      } catch (err) {
        // The analysis decides labels, never the document: a failure leaves the text with whoever inserted it.
        log.error('collab_attribution_failed', { doc: this.documentId, err: (err as Error).message });
      }
    };
    doc.on('afterTransaction', onAfter);
    try {
      Y.applyUpdate(doc, update);
    } finally {
      doc.off('afterTransaction', onAfter);
    }
  }

  /** Applies (and so analyses) what is pending, before the room unloads. */
  settle(): void {
    if (this.analyser && this.unapplied.hasWriters) this.current();
  }

  /**
   * The state vector, encoded from the clock map (the same bytes
   * Y.encodeStateVector of the built doc gives, so a reconnecting client's can
   * be compared byte for byte): an idle room never builds its Y.Doc at all.
   */
  stateVector(): Uint8Array {
    this.encodedStateVector ??= Y.encodeStateVector(this.clocks);
    return this.encodedStateVector;
  }

  /** Sync step 2 for a client that has nothing yet, as a finished frame. */
  fullSyncFrame(): Buffer {
    this.fullSync ??= wireFrame(encodeSyncStep2FromUpdate(Y.encodeStateAsUpdate(this.current())));
    return this.fullSync;
  }

  /**
   * Applies storage read again (idempotent) and returns what was new to this
   * copy as one update, or null if nothing was.
   */
  catchUp(stored: Uint8Array[]): Uint8Array | null {
    const { updates } = this.sanitize(stored);
    const doc = this.current();
    const diff: Uint8Array[] = [];
    const onUpdate = (u: Uint8Array, origin: unknown) => {
      if (origin === CATCH_UP) diff.push(u);
    };
    doc.on('update', onUpdate);
    try {
      Y.transact(doc, () => {
        for (const u of updates) Y.applyUpdate(doc, u);
      }, CATCH_UP);
    } finally {
      doc.off('update', onUpdate);
    }
    if (diff.length === 0) return null;
    this.clocks = new Map(Y.decodeStateVector(Y.encodeStateVector(doc)));
    this.fullSync = null;
    this.encodedStateVector = null;
    return diff.length === 1 ? diff[0]! : Y.mergeUpdates(diff);
  }

  destroy(): void {
    this.destroyed = true;
    this.doc?.destroy();
  }

  /**
   * Stored updates as they can integrate (P9): a document written before the
   * guard existed may hold structs or deletes that never integrate, and
   * applying them stalls the event loop; they are dropped here, with a log
   * line, and compaction drops them from storage too.
   */
  private sanitize(stored: Uint8Array[]): { updates: Uint8Array[]; state: Map<number, number> } {
    const clean = sanitizeAll(stored);
    if (clean.droppedStructs || clean.droppedDeletes || clean.unreadable) {
      log.warn('collab_stored_update_dropped', {
        doc: this.documentId,
        structs: clean.droppedStructs,
        deletes: clean.droppedDeletes,
        unreadable: clean.unreadable,
      });
    }
    return { updates: clean.updates, state: clean.state };
  }
}
