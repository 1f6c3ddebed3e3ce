/**
 * One loaded document and its connected clients (docs/SPEC.md, D1, B1).
 * An incoming update is validated, committed to PostgreSQL through the group
 * commit, and only then sent, encoded once, to every other client and queued
 * for the server's copy. The server's copy therefore only ever holds committed
 * state, so a late joiner's sync never sees uncommitted data either.
 *
 * With several instances (SO1-SO4) the room also talks to its `channel`: a
 * committed update is published exactly when it is broadcast here, and an
 * update another instance committed is applied and relayed, never stored again.
 */
import * as Y from 'yjs';
import { LIMITS } from '../../shared/limits.js';
import { CloseCode } from '../../shared/protocol.js';
import { log } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { DocChannel, RemoteDocListener } from '../scale/fanout.js';
import { NO_CHANNEL } from '../scale/fanout.js';
import { AwarenessGap } from './awareness-gap.js';
import { ClientBindings } from './bindings.js';
import { RoomAwareness, encodeEntries, type AwarenessEntry, type AwarenessOwner } from './awareness.js';
import type { CollabConnection } from './connection.js';
import { flush, syncUpdateFrame, wireFrame } from './outbox.js';
import { inspectUpdate, raiseClocks, sanitizeAll } from './update-guard.mjs';
import {
  MalformedMessage,
  decodeClientMessage,
  encodeAwareness,
  EMPTY_SYNC_STEP2,
  encodeSyncStep1,
  sameBytes,
  encodeSyncStep2,
  encodeSyncStep2FromUpdate,
  isEmptyStateVector,
  encodeUpdate,
  isEmptyUpdate,
} from './protocol.js';
import { ClaimRefused, type ClientClaim, type UpdateStore } from './store.js';

export interface RoomHooks {
  /** Called when the room has no clients and no writes in flight. */
  onIdle(room: Room): void;
}

/**
 * For documents with a relational mirror (cases): store (compact + mirror)
 * once edits pause for `quietMs`, and at least every `maxMs` while they go on,
 * so dashboards lag the live document by seconds, not until it unloads.
 */
export interface StorePolicy {
  quietMs: number;
  maxMs: number;
}

/** Transaction origin of a catch-up from PostgreSQL (its 'update' event is the diff to relay). */
const CATCH_UP = Symbol('catch-up');

/**
 * Committed updates held back from the server's Y.Doc before they are applied
 * in one go (plus up to 100 % jitter per room, so busy rooms do not all apply
 * in the same turn).
 */
const MAX_UNAPPLIED = 256;

export class Room implements RemoteDocListener {
  /**
   * The server's copy of the document. Committed updates are relayed at once
   * but applied to it lazily, in one transaction, when someone needs it (a
   * join, a catch-up) or every MAX_UNAPPLIED updates: applying is a sixth of
   * the server's CPU per keystroke and nobody reads the copy in between.
   * It is created on first use (a Y.Doc draws random ids, which is not free
   * when a reconnect storm loads a hundred rooms). Use `current()` to read it.
   */
  private doc: Y.Doc | null = null;
  private unapplied: Uint8Array[] = [];
  /**
   * Each client's clock in the committed state (the state vector as a map),
   * kept up to date from every accepted update without building the Y.Doc:
   * the update guard checks new updates against it (P8).
   */
  private clocks = new Map<number, number>();
  private readonly applyThreshold = MAX_UNAPPLIED + Math.floor(Math.random() * MAX_UNAPPLIED);
  private applyScheduled = false;
  readonly conns = new Set<CollabConnection>();
  /** P10: who writes under each client id (declared before `awareness`, which asks it). */
  private readonly bindings = new ClientBindings();
  readonly awareness = new RoomAwareness((clientId) => this.bindings.ownerOf(clientId));
  /** W4: at most one awareness relay per connection per 50 ms. */
  private readonly awarenessGap = new AwarenessGap<CollabConnection>((from, entries) => this.sendAwareness(from, entries));
  /** Updates sent to the store and not yet answered. */
  pendingWrites = 0;
  /** Log rows written since the last compaction (including rows found at load). */
  logRows = 0;
  /** An upper bound on the encoded document size, kept without re-encoding. */
  approxBytes = 0;
  compacting: Promise<void> | null = null;
  private storeTimer: NodeJS.Timeout | null = null;
  /**
   * The frame of sync step 2 for a client that has nothing yet, built once and
   * reused until the next update (cold joins and reconnect storms of big documents).
   */
  private fullSync: Buffer | null = null;
  /** The server copy's state vector, kept until the next update (joins and reconnect storms). */
  private stateVector: Uint8Array | null = null;
  private firstUnstoredAt = 0;
  /** The link to the other instances (a no-op without Redis); set by the manager before load. */
  channel: DocChannel = NO_CHANNEL;
  private loaded = false;
  private destroyed = false;
  /** CS3: the case was closed while the room was loaded; writers are closed and no update is taken. */
  private locked = false;
  /** Remote updates that arrived while the room was loading, applied right after the load. */
  private earlyRemote: Uint8Array[] = [];
  /** One awareness owner per other instance whose clients have states in this room. */
  private readonly remoteOwners = new Map<string, AwarenessOwner>();
  private catchingUp: Promise<void> | null = null;
  /**
   * compactAfter plus up to 50 % jitter, so rooms that started together do not
   * all reach their threshold, and compact, in the same moment.
   */
  private readonly compactThreshold: number;
  private catchUpAgain = false;

  constructor(
    readonly documentId: string,
    readonly docName: string,
    private readonly store: UpdateStore,
    private readonly metrics: Metrics,
    private readonly hooks: RoomHooks,
    compactAfter: number,
    private readonly storePolicy: StorePolicy | null = null,
  ) {
    this.compactThreshold = Math.round(compactAfter * (1 + Math.random() * 0.5));
  }

  /**
   * Reads the document from storage. What was read joins the updates not yet
   * applied to the server's copy: the first joiner of a compacted document gets
   * its sync step 2 straight from the snapshot, before any Yjs work (see greet).
   */
  async load(): Promise<void> {
    const loaded = await this.store.load(this.documentId);
    this.bindings.learn(loaded.bindings);
    const { updates, state } = this.sanitizeStored(loaded.updates);
    this.clocks = state;
    this.unapplied = [...updates, ...this.unapplied];
    this.loaded = true;
    this.logRows = loaded.logRows;
    this.approxBytes = updates.reduce((n, u) => n + u.byteLength, 0);
    // A compacted document's snapshot is exactly its full state: no re-encoding for the first joiner.
    if (updates.length === 1 && loaded.logRows === 0) this.fullSync = wireFrame(encodeSyncStep2FromUpdate(updates[0]!));
    // Remote updates that arrived meanwhile go through the guard like any other (they may repeat what was read).
    for (const update of this.earlyRemote.splice(0)) this.applyRemoteUpdate(update);
  }

  /**
   * Stored updates as they can integrate (P9): a document written before the
   * guard existed may hold structs or deletes that never integrate, and
   * applying them stalls the event loop; they are dropped here, with a log
   * line, and compaction drops them from storage too.
   */
  private sanitizeStored(stored: Uint8Array[]): { updates: Uint8Array[]; state: Map<number, number> } {
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

  /** A client's clock as far as this connection may build on it: committed state plus its own updates in flight. */
  private clockFor(conn: CollabConnection | null, client: number): number {
    const committed = this.clocks.get(client) ?? 0;
    const own = conn?.inflightClocks.get(client) ?? 0;
    return own > committed ? own : committed;
  }


  /** The server's copy with every committed update applied. */
  current(): Y.Doc {
    const doc = (this.doc ??= new Y.Doc());
    if (this.unapplied.length) {
      const pending = this.unapplied;
      this.unapplied = [];
      Y.transact(doc, () => {
        for (const update of pending) Y.applyUpdate(doc, update);
      });
    }
    return doc;
  }

  /**
   * The server copy's state vector, encoded once per version from `clocks`
   * (the same bytes Y.encodeStateVector of the built copy gives, so a
   * reconnecting client's can be compared byte for byte): no Yjs work, and
   * an idle room never builds its copy at all.
   */
  private currentStateVector(): Uint8Array {
    this.stateVector ??= Y.encodeStateVector(this.clocks);
    return this.stateVector;
  }

  /**
   * Queues a committed update for the server's copy (see `doc`). When enough
   * have piled up they are applied in a later turn, after this turn's frames
   * went out, so the apply never delays a broadcast.
   */
  private applyLater(update: Uint8Array): void {
    this.unapplied.push(update);
    this.fullSync = null;
    this.stateVector = null;
    if (this.unapplied.length < this.applyThreshold || this.applyScheduled) return;
    this.applyScheduled = true;
    setImmediate(() => {
      this.applyScheduled = false;
      if (!this.destroyed) this.current();
    });
  }

  /** Takes a new connection in; it then receives broadcasts. Its messages so far go to handleMessage, then `greet`. */
  add(conn: CollabConnection): void {
    this.conns.add(conn);
    // A writer whose upgrade read the case as open just before it closed.
    if (this.locked && conn.canWrite) conn.close(CloseCode.CASE_CLOSED, 'case closed');
  }

  /**
   * CS3: the case was closed. Every writer is closed with CASE_CLOSED at
   * once (what it sent before is handled as usual) and reconnects as a
   * reader; the room takes no update from now on.
   */
  lock(): void {
    this.locked = true;
    for (const conn of this.conns) if (conn.canWrite) conn.close(CloseCode.CASE_CLOSED, 'case closed');
  }

  /**
   * The server's side of the handshake: sync step 1 and the awareness states.
   * Whatever was already queued for the joiner, above all the step 2 answering
   * a step 1 it sent while the room loaded, is written first: our step 1 needs
   * the server copy's state vector, which after a cold load means applying the
   * whole document, and the joiner need not wait for that to be in sync.
   */
  greet(conn: CollabConnection): void {
    flush(conn);
    conn.send(encodeSyncStep1(this.currentStateVector()));
    const states = this.awareness.encodeAll();
    if (states) conn.send(encodeAwareness(states));
  }

  remove(conn: CollabConnection): void {
    if (!this.conns.delete(conn)) return;
    this.awarenessGap.leave(conn);
    const gone = this.awareness.removeOwner(conn);
    if (gone) {
      this.broadcast(encodeAwareness(gone), null);
      this.channel.publishAwareness(gone);
    }
    this.checkIdle();
  }

  handleMessage(conn: CollabConnection, data: Uint8Array): void {
    if (data.byteLength > LIMITS.maxMessageBytes) {
      this.reject(conn, CloseCode.TOO_LARGE, 'message too large');
      return;
    }
    try {
      const message = decodeClientMessage(data);
      switch (message.kind) {
        case 'syncStep1':
          if (isEmptyStateVector(message.stateVector)) {
            this.fullSync ??= wireFrame(encodeSyncStep2FromUpdate(Y.encodeStateAsUpdate(this.current())));
            conn.sendFrame(this.fullSync);
          } else if (sameBytes(message.stateVector, this.currentStateVector())) {
            // A reconnecting client that missed nothing: no diff to compute.
            conn.send(EMPTY_SYNC_STEP2);
          } else {
            conn.send(encodeSyncStep2(this.current(), message.stateVector));
          }
          break;
        case 'update':
          this.receiveUpdate(conn, message.update);
          break;
        case 'awareness': {
          if (!conn.awarenessRate.take(1)) {
            this.reject(conn, CloseCode.RATE_LIMITED, 'awareness rate');
            return;
          }
          const accepted = this.awareness.applyEntries(conn, message.update);
          this.metrics.awarenessTotal++;
          if (accepted.length) this.awarenessGap.relay(conn, accepted);
          break;
        }
        case 'queryAwareness': {
          const states = this.awareness.encodeAll();
          if (states) conn.send(encodeAwareness(states));
          break;
        }
      }
    } catch (err) {
      if (err instanceof MalformedMessage) this.reject(conn, CloseCode.MALFORMED, err.message);
      else {
        log.error('collab_message_failed', { doc: this.documentId, err: (err as Error).message });
        this.reject(conn, CloseCode.MALFORMED, 'unprocessable message');
      }
    }
  }

  private receiveUpdate(conn: CollabConnection, update: Uint8Array): void {
    if (isEmptyUpdate(update)) return;
    if (this.locked) return; // only closed writers get here, with frames that were already in the socket
    if (!conn.canWrite) {
      // A2: a read-only member's edits are dropped, never stored or relayed.
      this.metrics.updatesDroppedReadOnly++;
      return;
    }
    if (!conn.updateRate.take(1) || !conn.updateBytes.take(update.byteLength)) {
      this.reject(conn, CloseCode.RATE_LIMITED, 'update rate');
      return;
    }
    // P8: only what integrates now, completely and cheaply; never stored, never relayed otherwise.
    const inspection = inspectUpdate(update, (client) => this.clockFor(conn, client));
    if (!inspection.ok) {
      this.metrics.updatesRefusedTotal++;
      this.reject(conn, inspection.kind === 'too_large' ? CloseCode.TOO_LARGE : CloseCode.MALFORMED, `update refused: ${inspection.reason}`);
      return;
    }
    if (this.approxBytes + update.byteLength > LIMITS.maxDocumentBytes) {
      this.reject(conn, CloseCode.TOO_LARGE, 'document too large');
      return;
    }
    // P10, last (a claim it makes counts at once): only under client ids that are, or become, this writer's.
    const verdict = this.bindings.check(conn, inspection.advances.keys(), (client) => this.clocks.has(client), (client) => this.awareness.claimantOf(client));
    if (!verdict.ok) {
      this.metrics.updatesRefusedTotal++;
      this.reject(conn, CloseCode.FORBIDDEN, `client id ${verdict.clientId}: ${verdict.reason}`);
      return;
    }
    const { claims } = verdict;
    this.approxBytes += update.byteLength;
    this.pendingWrites++;
    conn.track(inspection.advances);
    this.store.append(this.documentId, update, claims, (err) => {
      this.pendingWrites--;
      conn.untrack();
      const bound = claims ? this.bindings.settle(claims, err === null) : null;
      if (conn.commitFailed) {
        // An earlier update of this connection failed: this one may build on it, so it is not relayed;
        // the client re-sends both when it reconnects.
        this.checkIdle();
        return;
      }
      if (err) {
        conn.commitFailed = true;
        // Not stored, so not applied and not relayed; the client still has the
        // change and sends it again when it reconnects.
        this.approxBytes -= update.byteLength;
        if (err instanceof ClaimRefused) {
          // Another instance bound the id first: learn its owner, so a retry is refused here (FORBIDDEN).
          this.reject(conn, CloseCode.STORAGE_FAILED, 'client id claimed elsewhere');
          void this.catchUp();
        } else {
          log.error('collab_commit_failed', { doc: this.documentId, err: err.message });
          conn.close(CloseCode.STORAGE_FAILED, 'storage failed');
        }
        this.checkIdle();
        return;
      }
      this.metrics.updatesTotal++;
      this.logRows++;
      raiseClocks(this.clocks, inspection.advances);
      if (bound?.length) this.channel.publishBindings(bound);
      this.broadcastUpdate(update, conn);
      // SO1: committed, so the other instances may have it too (never before the commit: D1).
      this.channel.publishUpdate(update);
      this.applyLater(update);
      if (this.logRows >= this.compactThreshold) void this.compact();
      else if (this.storePolicy) this.scheduleStore(this.storePolicy);
      this.checkIdle();
    });
  }

  private sendAwareness(from: CollabConnection, entries: AwarenessEntry[]): void {
    const update = encodeEntries(entries);
    this.broadcast(encodeAwareness(update), from);
    this.channel.publishAwareness(update);
  }

  /** An update another instance committed (and stored): apply and relay, never store again. */
  applyRemoteUpdate(update: Uint8Array): void {
    if (this.destroyed) return;
    this.metrics.remoteUpdatesTotal++;
    if (!this.loaded) {
      this.earlyRemote.push(update);
      return;
    }
    const inspection = inspectUpdate(update, (client) => this.clockFor(null, client));
    if (!inspection.ok) {
      // Committed elsewhere, so it is in PostgreSQL: what this copy lacks comes with a catch-up from there.
      log.warn('collab_remote_update_deferred', { doc: this.documentId, reason: inspection.reason });
      void this.catchUp();
      return;
    }
    raiseClocks(this.clocks, inspection.advances);
    this.approxBytes += update.byteLength;
    this.broadcastUpdate(update, null);
    this.applyLater(update);
  }

  /** Client ids another instance bound (published before their updates). */
  applyRemoteBindings(bindings: readonly ClientClaim[]): void {
    if (!this.destroyed) this.bindings.learn(bindings);
  }

  /** Awareness of another instance's clients: kept (for late joiners here) and relayed. */
  applyRemoteAwareness(instanceId: string, update: Uint8Array): void {
    if (this.destroyed) return;
    let owner = this.remoteOwners.get(instanceId);
    if (!owner) this.remoteOwners.set(instanceId, (owner = { user: null, clientIds: new Set() }));
    let relay: Uint8Array | null;
    try {
      relay = this.awareness.apply(owner, update);
    } catch {
      log.warn('collab_remote_awareness_invalid', { doc: this.documentId });
      relay = null;
    }
    if (owner.clientIds.size === 0) this.remoteOwners.delete(instanceId);
    if (relay) this.broadcast(encodeAwareness(relay), null);
  }

  /** Removes the states of one other instance (or of all of them) and tells the local clients. */
  dropRemoteAwareness(instanceId: string | null): void {
    if (this.destroyed) return;
    for (const [id, owner] of [...this.remoteOwners]) {
      if (instanceId !== null && id !== instanceId) continue;
      this.remoteOwners.delete(id);
      const gone = this.awareness.removeOwner(owner);
      if (gone) this.broadcast(encodeAwareness(gone), null);
    }
  }

  /** The states of this instance's own clients, for another instance that asks. */
  encodeLocalAwareness(): Uint8Array | null {
    return this.awareness.encodeAll((owner) => owner.user !== null);
  }

  /**
   * Re-reads snapshot + log from PostgreSQL and applies them (idempotent);
   * whatever was new is relayed to the local clients as one update. Used while
   * Redis is down and when it returns, so nothing committed elsewhere is missed.
   */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      do {
        this.catchUpAgain = false;
        if (!this.loaded || this.destroyed) return;
        const loaded = await this.store.load(this.documentId);
        if (this.destroyed) return;
        this.bindings.learn(loaded.bindings);
        const { updates } = this.sanitizeStored(loaded.updates);
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
        if (diff.length === 0) continue;
        this.clocks = new Map(Y.decodeStateVector(Y.encodeStateVector(doc)));
        const merged = diff.length === 1 ? diff[0]! : Y.mergeUpdates(diff);
        this.approxBytes += merged.byteLength;
        this.fullSync = null;
        this.stateVector = null;
        this.broadcast(encodeUpdate(merged), null);
      } while (this.catchUpAgain);
    })()
      .catch((err) => log.error('collab_catch_up_failed', { doc: this.documentId, err: (err as Error).message }))
      .finally(() => {
        this.catchingUp = null;
      });
    return this.catchingUp;
  }

  /** Sends one encoded message to every client but `except`, framed once for all of them. */
  private broadcast(message: Uint8Array, except: CollabConnection | null): void {
    let frame: Buffer | null = null;
    for (const c of this.conns) if (c !== except) c.sendFrame((frame ??= wireFrame(message)));
  }

  /** `broadcast` of a sync update message, encoded straight into its frame. */
  private broadcastUpdate(update: Uint8Array, except: CollabConnection | null): void {
    let frame: Buffer | null = null;
    for (const c of this.conns) if (c !== except) c.sendFrame((frame ??= syncUpdateFrame(update)));
  }

  private reject(conn: CollabConnection, code: number, reason: string): void {
    log.warn('collab_connection_rejected', { doc: this.documentId, user: conn.userId, code, reason });
    conn.close(code, reason);
  }

  private scheduleStore(policy: StorePolicy): void {
    const now = Date.now();
    if (!this.storeTimer) this.firstUnstoredAt = now;
    else clearTimeout(this.storeTimer);
    const wait = Math.max(0, Math.min(policy.quietMs, this.firstUnstoredAt + policy.maxMs - now));
    this.storeTimer = setTimeout(() => {
      this.storeTimer = null;
      void this.compact();
    }, wait);
  }

  /** Merges the log into the snapshot (and mirror, if any); one at a time per room. */
  compact(): Promise<void> {
    if (this.storeTimer) {
      clearTimeout(this.storeTimer);
      this.storeTimer = null;
    }
    this.compacting ??= this.store
      .compact(this.documentId)
      .then(({ rows, bytes }) => {
        this.logRows = Math.max(0, this.logRows - rows);
        // The merged snapshot's size: deleted content is gone from it. Updates
        // committed meanwhile are not counted; the limit is a guard, not a quota.
        if (rows > 0) this.approxBytes = bytes;
      })
      .catch((err) => log.error('collab_compaction_failed', { doc: this.documentId, err: (err as Error).message }))
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  get idle(): boolean {
    return this.conns.size === 0 && this.pendingWrites === 0;
  }

  private checkIdle(): void {
    if (this.idle) this.hooks.onIdle(this);
  }

  destroy(): void {
    this.destroyed = true;
    this.awarenessGap.clear();
    this.channel.leave();
    if (this.storeTimer) clearTimeout(this.storeTimer);
    this.storeTimer = null;
    this.doc?.destroy();
  }
}
