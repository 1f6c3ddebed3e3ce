/**
 * One loaded document and its connected clients (docs/SPEC.md, D1, B1).
 * An incoming update is checked (rate P11, integration P8, authorship P10),
 * committed to PostgreSQL through the group commit, and only then sent,
 * encoded once, to every other client and queued for the server's copy
 * (server-copy.ts), which therefore only ever holds committed state, so a late
 * joiner's sync never sees uncommitted data either. When the log is merged
 * into the snapshot is store-schedule.ts's business.
 *
 * With several instances (SO1-SO4) the room also talks to its `channel`: a
 * committed update is published exactly when it is broadcast here, and an
 * update another instance committed is applied and relayed, never stored again.
 */
import { LIMITS } from '../../shared/limits.js';
import { CloseCode } from '../../shared/protocol.js';
import { log } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { DocChannel, RemoteDocListener } from '../scale/fanout.js';
import { NO_CHANNEL } from '../scale/fanout.js';
import { AwarenessGap } from './awareness-gap.js';
import { RoomAwareness, encodeEntries, type AwarenessEntry } from './awareness.js';
import { CprGuard } from './cpr-guard.js';
import { ClientBindings } from './bindings.js';
import type { CollabConnection } from './connection.js';
import { syncUpdateFrame, flush, wireFrame } from './outbox.js';
import {
  MalformedMessage,
  decodeClientMessage,
  encodeAwareness,
  EMPTY_SYNC_STEP2,
  encodeSyncStep1,
  sameBytes,
  encodeSyncStep2,
  isEmptyStateVector,
  encodeUpdate,
  isEmptyUpdate,
} from './protocol.js';
import { RemoteAwareness } from './remote-awareness.js';
import { ServerCopy } from './server-copy.js';
import type { MovedRange } from '../../shared/authorship.js';
import { StoreSchedule, type StorePolicy } from './store-schedule.js';
import { ClaimRefused, type ClientClaim, type UpdateStore } from './store.js';
import { inspectUpdate } from './update-guard.mjs';
import { AttributionTracker } from './attribution.js';
import type { AttributionStore } from './attribution-store.js';


export interface RoomOptions {
  documentId: string;
  store: UpdateStore;
  metrics: Metrics;
  /** Called when the room has no clients and no writes in flight. */
  onIdle(room: Room): void;
  /** Log rows after which the log is merged into the snapshot. */
  compactAfter: number;
  /** For documents with a relational mirror (cases): also store once edits pause. */
  storePolicy: StorePolicy | null;
  /** For case documents: who typed re-created text and who changed each entry (AT1-AT2). */
  attributions: AttributionStore | null;
  /** A case document: no CPR number may enter its free text (LB9). */
  caseDocument: boolean;
}

export class Room implements RemoteDocListener {
  readonly documentId: string;
  private readonly store: UpdateStore;
  private readonly metrics: Metrics;
  private readonly onIdle: (room: Room) => void;
  private readonly copy: ServerCopy;
  private readonly attributions: AttributionStore | null;
  private tracker: AttributionTracker | null = null;
  private readonly cprGuard: CprGuard | null;
  private readonly schedule: StoreSchedule;
  readonly conns = new Set<CollabConnection>();
  /** P10: who writes under each client id (declared before `awareness`, which asks it). */
  private readonly bindings = new ClientBindings();
  readonly awareness = new RoomAwareness((clientId) => this.bindings.ownerOf(clientId));
  /** States of other instances' clients (SO1). */
  private readonly remoteAwareness: RemoteAwareness;
  /** W4: at most one awareness relay per connection per 50 ms. */
  private readonly awarenessGap = new AwarenessGap<CollabConnection>((from, entries) => this.sendAwareness(from, entries));
  /** Updates sent to the store and not yet answered. */
  private pendingWrites = 0;
  /** An upper bound on the encoded document size, kept without re-encoding. */
  private approxBytes = 0;
  /** The link to the other instances (a no-op without Redis); set by the manager before load. */
  channel: DocChannel = NO_CHANNEL;
  private loaded = false;
  private destroyed = false;
  /** CS3: the case was closed while the room was loaded; writers are closed and no update is taken. */
  private locked = false;
  /** Remote updates that arrived while the room was loading, applied right after the load. */
  private earlyRemote: Uint8Array[] = [];
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;

  constructor(options: RoomOptions) {
    this.documentId = options.documentId;
    this.store = options.store;
    this.metrics = options.metrics;
    this.onIdle = options.onIdle;
    this.copy = new ServerCopy(options.documentId);
    this.attributions = options.attributions;
    this.cprGuard = options.caseDocument ? new CprGuard(() => this.copy.current()) : null;
    this.remoteAwareness = new RemoteAwareness(this.awareness, options.documentId);
    let mark = 0;
    this.schedule = new StoreSchedule(options.store, options.documentId, options.compactAfter, options.storePolicy, {
      beforeRead: () => {
        mark = this.copy.mark();
      },
      compacted: (bytes, state) => {
        // The merged snapshot's size: deleted content is gone from it. Updates committed
        // meanwhile are not counted; the limit is a guard, not a quota.
        this.approxBytes = bytes;
        // The merge is the copy's state up to the mark: what was committed before need never be applied here.
        if (state && !this.destroyed) this.copy.rebase(state, mark);
      },
    });
  }

  /** Log rows not yet merged into the snapshot. */
  get logRows(): number {
    return this.schedule.logRows;
  }

  get compacting(): Promise<void> | null {
    return this.schedule.compacting;
  }

  compact(): Promise<void> {
    return this.schedule.compact();
  }

  /**
   * Reads the document from storage. What was read joins the updates not yet
   * applied to the server's copy: the first joiner of a compacted document gets
   * its sync step 2 straight from the snapshot, before any Yjs work (see greet).
   */
  async load(): Promise<void> {
    const [loaded, moved] = await Promise.all([this.store.load(this.documentId), this.attributions?.load(this.documentId) ?? []]);
    this.bindings.learn(loaded.bindings);
    if (this.attributions) this.track(this.attributions, moved);
    this.approxBytes = this.copy.load(loaded.updates, loaded.logRows);
    this.schedule.logRows = loaded.logRows;
    this.loaded = true;
    // Remote updates that arrived meanwhile go through the guard like any other (they may repeat what was read).
    for (const update of this.earlyRemote.splice(0)) this.applyRemoteUpdate(update);
  }

  private track(store: AttributionStore, moved: MovedRange[]): void {
    const tracker = new AttributionTracker(
      (client) => this.bindings.writerOf(client),
      (userId) => this.bindings.sectorOf(userId),
      moved,
      (rows, entries) => store.record(this.documentId, rows, entries),
    );
    this.tracker = tracker;
    this.copy.analyseWith(tracker);
  }

  /** A client's clock as far as this connection may build on it: committed state plus its own updates in flight. */
  private clockFor(conn: CollabConnection | null, client: number): number {
    const committed = this.copy.clockOf(client);
    const own = conn?.inflightClocks.get(client) ?? 0;
    return own > committed ? own : committed;
  }

  /** Takes a new connection in; it then receives broadcasts. Its messages so far go to handleMessage, then `greet`. */
  add(conn: CollabConnection): void {
    this.conns.add(conn);
    // A writer whose upgrade read the case as open just before it closed.
    if (this.locked && conn.canWrite) conn.close(CloseCode.CASE_CLOSED, 'case closed');
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
    conn.send(encodeSyncStep1(this.copy.stateVector()));
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

  /**
   * CS3: the case was closed. Every writer is closed with CASE_CLOSED at
   * once (what it sent before is handled as usual) and reconnects as a
   * reader; the room takes no update from now on.
   */
  lock(): void {
    this.locked = true;
    for (const conn of this.conns) if (conn.canWrite) conn.close(CloseCode.CASE_CLOSED, 'case closed');
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
          if (isEmptyStateVector(message.stateVector)) conn.sendFrame(this.copy.fullSyncFrame());
          // A reconnecting client that missed nothing: no diff to compute.
          else if (sameBytes(message.stateVector, this.copy.stateVector())) conn.send(EMPTY_SYNC_STEP2);
          else conn.send(encodeSyncStep2(this.copy.current(), message.stateVector));
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

  /** The commit path: checks, group commit, then relay (never before the commit: D1). */
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
      if (inspection.kind === 'missing' && ++conn.missingInARow <= LIMITS.maxMissingUpdates) {
        // Not stored, not relayed. A stock client sends what it types while reconnecting before its sync
        // step 2 (which brings the server what it missed): ask for that step 2 once per run of refusals.
        if (conn.missingInARow === 1) conn.send(encodeSyncStep1(this.copy.stateVector()));
        return;
      }
      this.reject(conn, inspection.kind === 'too_large' ? CloseCode.TOO_LARGE : CloseCode.MALFORMED, `update refused: ${inspection.reason}`);
      return;
    }
    conn.missingInARow = 0;
    if (this.approxBytes + update.byteLength > LIMITS.maxDocumentBytes) {
      this.reject(conn, CloseCode.TOO_LARGE, 'document too large');
      return;
    }
    // P10, last (a claim it makes counts at once): only under client ids that are, or become, this writer's.
    const verdict = this.bindings.check(conn, inspection.advances.keys(), (client) => this.copy.holds(client), (client) => this.awareness.claimantOf(client));
    if (!verdict.ok) {
      this.metrics.updatesRefusedTotal++;
      this.reject(conn, CloseCode.FORBIDDEN, `client id ${verdict.clientId}: ${verdict.reason}`);
      return;
    }
    // LB9, after every other check (it applies the update to a shadow copy): no CPR number into free text.
    if (this.cprGuard && !this.cprGuard.admits(update)) {
      this.metrics.updatesRefusedTotal++;
      this.reject(conn, CloseCode.CPR_REFUSED, 'cpr number in free text');
      return;
    }
    const { claims } = verdict;
    this.approxBytes += update.byteLength;
    this.pendingWrites++;
    conn.track(inspection.advances);
    this.store.append(this.documentId, update, claims, (err) => {
      this.pendingWrites--;
      conn.untrack();
      this.cprGuard?.committedOne(update);
      const bound = claims ? this.bindings.settle(claims, err === null) : null;
      if (conn.commitFailed) {
        // An earlier update of this connection failed: this one may build on it, so it is not relayed;
        // the client re-sends both when it reconnects.
        this.checkIdle();
        return;
      }
      if (err) this.commitFailed(conn, update, err);
      else {
        this.metrics.updatesTotal++;
        this.copy.commit(update, inspection.advances, conn);
        if (bound?.length) this.channel.publishBindings(bound);
        this.broadcastUpdate(update, conn);
        // SO1: committed, so the other instances may have it too (never before the commit: D1).
        this.channel.publishUpdate(update);
        this.schedule.committed();
      }
      this.checkIdle();
    });
  }

  /** Not stored, so not applied and not relayed; the client still has the change and sends it again when it reconnects. */
  private commitFailed(conn: CollabConnection, update: Uint8Array, err: Error): void {
    conn.commitFailed = true;
    this.cprGuard?.reset(); // it held the update that was not stored
    this.approxBytes -= update.byteLength;
    if (err instanceof ClaimRefused) {
      // Another instance bound the id first: learn its owner, so a retry is refused here (FORBIDDEN).
      this.reject(conn, CloseCode.STORAGE_FAILED, 'client id claimed elsewhere');
      void this.catchUp();
    } else {
      log.error('collab_commit_failed', { doc: this.documentId, err: err.message });
      conn.close(CloseCode.STORAGE_FAILED, 'storage failed');
    }
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
    this.approxBytes += update.byteLength;
    this.copy.commit(update, inspection.advances);
    this.cprGuard?.observe(update);
    this.broadcastUpdate(update, null);
  }

  /** Client ids another instance bound (published before their updates). */
  applyRemoteBindings(bindings: readonly ClientClaim[]): void {
    if (!this.destroyed) this.bindings.learn(bindings);
  }

  /** Awareness of another instance's clients: kept (for late joiners here) and relayed. */
  applyRemoteAwareness(instanceId: string, update: Uint8Array): void {
    if (this.destroyed) return;
    const relay = this.remoteAwareness.apply(instanceId, update);
    if (relay) this.broadcast(encodeAwareness(relay), null);
  }

  /** Removes the states of one other instance (or of all of them) and tells the local clients. */
  dropRemoteAwareness(instanceId: string | null): void {
    if (this.destroyed) return;
    for (const gone of this.remoteAwareness.drop(instanceId)) this.broadcast(encodeAwareness(gone), null);
  }

  /** The states of this instance's own clients, for another instance that asks. */
  encodeLocalAwareness(): Uint8Array | null {
    return this.awareness.encodeAll((owner) => owner.user !== null);
  }

  /**
   * Re-reads snapshot + log (and bindings) from PostgreSQL and applies them
   * (idempotent); whatever was new is relayed to the local clients as one
   * update. Used while Redis is down and when it returns, so nothing committed
   * elsewhere is missed, and when another instance won a client id (P10).
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
        const [loaded, moved] = await Promise.all([this.store.load(this.documentId), this.attributions?.load(this.documentId) ?? []]);
        if (this.destroyed) return;
        this.bindings.learn(loaded.bindings);
        this.tracker?.learn(moved);
        const merged = this.copy.catchUp(loaded.updates);
        if (!merged) continue;
        this.cprGuard?.observe(merged);
        this.approxBytes += merged.byteLength;
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

  get idle(): boolean {
    return this.conns.size === 0 && this.pendingWrites === 0;
  }

  private checkIdle(): void {
    if (this.idle) this.onIdle(this);
  }

  destroy(): void {
    this.destroyed = true;
    this.awarenessGap.clear();
    this.channel.leave();
    this.schedule.stop();
    this.copy.settle(); // AT1: what is still to be analysed is, before the copy goes
    this.copy.destroy();
    this.cprGuard?.destroy();
  }
}
