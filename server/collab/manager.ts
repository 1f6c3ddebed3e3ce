/**
 * Loads a document on its first connection and unloads it after its last
 * client left and its last write is stored (docs/SPEC.md, L2-L3). A client
 * arriving while a room is unloading waits and gets a freshly loaded room.
 * With several instances (SO1) a room subscribes to its document's channel
 * before it reads PostgreSQL, so nothing committed elsewhere in between is
 * missed, and unsubscribes when it unloads.
 */
import { CloseCode } from '../../shared/protocol.js';
import { log } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { NOOP_FANOUT, type Fanout } from '../scale/fanout.js';
import type { CollabConnection } from './connection.js';
import { Room } from './room.js';
import type { StorePolicy } from './store-schedule.js';
import type { UpdateStore } from './store.js';
import type { AttributionStore } from './attribution-store.js';

interface Slot {
  room: Room;
  ready: Promise<void>;
  unloading: Promise<void> | null;
}

export class RoomManager {
  private readonly slots = new Map<string, Slot>();
  private connections = 0;

  constructor(
    private readonly store: UpdateStore,
    private readonly metrics: Metrics,
    private readonly compactAfter: number,
    /** Store policy for documents with a mirror (see Room). */
    private readonly mirroredStore: StorePolicy = { quietMs: 1000, maxMs: 5000 },
    /** Cross-instance fan-out (a no-op without Redis). */
    private readonly fanout: Fanout = NOOP_FANOUT,
    /** Where case documents' attributions go (AT1-AT2); none: text stays with its client id's writer. */
    private readonly attributions: AttributionStore | null = null,
  ) {
    metrics.gauges.connections = () => this.connections;
    metrics.gauges.loadedDocuments = () => this.slots.size;
  }

  get loadedCount(): number {
    return this.slots.size;
  }

  isLoaded(documentId: string): boolean {
    return this.slots.has(documentId);
  }

  /**
   * Wires an accepted socket to its room. Messages that arrive while the room
   * loads are kept in order and handled once it is ready.
   */
  async connect(documentId: string, conn: CollabConnection, mirrored = false): Promise<void> {
    this.connections++;
    const early: Uint8Array[] = [];
    let room: Room | null = null;
    conn.ws.on('message', (data: Buffer, isBinary: boolean) => {
      const bytes = isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(0);
      if (room) room.handleMessage(conn, bytes);
      else early.push(bytes);
    });
    conn.ws.on('error', () => {}); // 'close' follows; nothing else to do
    conn.ws.once('close', () => {
      this.connections--;
      conn.closed = true;
      room?.remove(conn);
    });
    try {
      const slot = await this.acquire(documentId, mirrored);
      if (conn.ws.readyState !== conn.ws.OPEN) {
        slot.room.remove(conn); // no-op, but lets an empty room unload
        this.onIdle(slot.room);
        return;
      }
      room = slot.room;
      room.add(conn);
      for (const bytes of early.splice(0)) room.handleMessage(conn, bytes);
      room.greet(conn);
    } catch (err) {
      log.error('collab_load_failed', { doc: documentId, err: (err as Error).message });
      conn.close(CloseCode.STORAGE_FAILED, 'load failed');
    }
  }

  private async acquire(documentId: string, mirrored: boolean): Promise<Slot> {
    for (;;) {
      const existing = this.slots.get(documentId);
      if (!existing) break;
      if (existing.unloading) {
        await existing.unloading;
        continue;
      }
      await existing.ready;
      return existing;
    }
    const room = new Room({
      documentId,
      store: this.store,
      metrics: this.metrics,
      onIdle: (r) => this.onIdle(r),
      compactAfter: this.compactAfter,
      storePolicy: mirrored ? this.mirroredStore : null,
      attributions: mirrored ? this.attributions : null,
      caseDocument: mirrored,
    });
    const ready = (async () => {
      // Subscribe first, then read: an update committed elsewhere meanwhile is either in what we read or on the channel.
      room.channel = await this.fanout.joinDoc(documentId, room);
      await room.load();
    })();
    const slot: Slot = { room, ready, unloading: null };
    this.slots.set(documentId, slot);
    try {
      await slot.ready;
    } catch (err) {
      this.slots.delete(documentId);
      room.destroy();
      throw err;
    }
    return slot;
  }

  private onIdle(room: Room): void {
    const slot = this.slots.get(room.documentId);
    if (!slot || slot.room !== room || slot.unloading || !room.idle) return;
    slot.unloading = (async () => {
      await room.compacting;
      // Someone may have joined while the compaction ran.
      if (!room.idle) {
        slot.unloading = null;
        return;
      }
      if (room.logRows > 0) await room.compact();
      this.slots.delete(room.documentId);
      room.destroy();
    })();
  }

  /**
   * CS3: the documents became read-only (their case was closed): their
   * writers are closed with CASE_CLOSED here and on every other instance.
   */
  lockDocuments(documentIds: readonly string[]): void {
    for (const documentId of documentIds) {
      this.slots.get(documentId)?.room.lock();
      this.fanout.lockDocument(documentId);
    }
  }

  /** Closes every socket (server shutdown), stores what is queued and compacts every room. */
  async closeAll(code: number = CloseCode.GOING_AWAY): Promise<void> {
    for (const slot of this.slots.values()) for (const conn of slot.room.conns) conn.close(code, 'server shutting down');
    await this.store.drain();
    for (const [documentId, slot] of [...this.slots]) {
      await slot.unloading;
      await slot.room.compacting;
      if (!this.slots.has(documentId)) continue;
      if (slot.room.logRows > 0) await slot.room.compact();
      this.slots.delete(documentId);
      slot.room.destroy();
    }
    await this.attributions?.flush();
  }
}
