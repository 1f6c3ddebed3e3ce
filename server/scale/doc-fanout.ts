/**
 * Cross-instance fan-out of Yjs documents over Redis pub/sub (docs/SPEC.md,
 * SO1, SO4). One channel per loaded document, `<prefix>:doc:<documentId>`,
 * subscribed before the room reads PostgreSQL and unsubscribed when it
 * unloads. A message is one binary frame:
 *
 *   [kind: 1 byte][sender instance id: 8 bytes][payload]
 *   kind 1 update     a Yjs update the sender has committed (published when it is broadcast there)
 *   kind 2 awareness  awareness states of the sender's clients (identity already set by the sender)
 *   kind 3 query      "send me your clients' awareness states" (a room just loaded, or the link returned)
 *   kind 4 left       the sender unloaded the document: drop its states
 *   kind 5 updates    several committed updates in order, each as [varuint length][bytes]: the updates of one
 *                     document that one group commit answered are published together, one PUBLISH per document
 *   kind 7 locked     the document is read-only now (its case was closed): close local writers
 *   kind 6 bindings   client ids the sender has just bound to their writers (P10), as JSON
 *                     [{clientId, userId, sector}]; published before the updates that bound them
 *
 * Awareness of other instances: the receiving room keeps remote states under
 * one owner per sending instance, so late local joiners see remote cursors.
 * They go when the sender says so (null states, `left`, `bye`), when the sender
 * has not been heard for INSTANCE_TIMEOUT_MS (it crashed), and all of them when
 * the link to Redis breaks; after the link returns, a query fetches them again.
 *
 * Redis faults: while the link is down the rooms catch up from PostgreSQL every
 * `catchUpMs`, once more when it returns, and whenever another instance says it
 * could not publish (resync). Each catch-up is one statement for every loaded
 * document that reads only what was committed since that room last read
 * PostgreSQL (catch-up.ts, SO7); a room reads its snapshot again only when a
 * compaction merged rows it may lack. PostgreSQL is the source of truth; nothing is lost.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { log } from '../observability/log.js';
import type { ControlChannel } from './control.js';
import { SECTORS } from '../../shared/domain.js';
import type { ClientClaim } from '../collab/store.js';
import type { CatchUpReader, LogPosition } from './catch-up.js';
import type { DocChannel, Fanout, RemoteDocListener } from './fanout.js';
import type { RedisLink } from './redis.js';

const Kind = { Update: 1, Awareness: 2, Query: 3, Left: 4, Updates: 5, Bindings: 6, Locked: 7 } as const;
const ID_BYTES = 8;

export interface DocFanoutOptions {
  /** How often loaded rooms re-read PostgreSQL while Redis is down. */
  catchUpMs: number;
  /** How often this instance says it is alive. */
  heartbeatMs: number;
  /** An instance not heard for this long is considered gone (its cursors are dropped). */
  instanceTimeoutMs: number;
}

export const DEFAULT_DOC_FANOUT: DocFanoutOptions = { catchUpMs: 2000, heartbeatMs: 5000, instanceTimeoutMs: 15_000 };

/** A loaded room's place in its document's log (null: unknown, its next catch-up is a full one). */
interface RoomPosition {
  documentId: string;
  /** Undefined while the read before its load is under way (the load comes after, fresher than any catch-up). */
  position: LogPosition | null | undefined;
}

export class RedisDocFanout implements Fanout {
  private readonly rooms = new Map<string, Set<RemoteDocListener>>();
  private readonly positions = new Map<RemoteDocListener, RoomPosition>();
  private polling: Promise<void> | null = null;
  private pollAgain = false;
  private readonly lastHeard = new Map<string, number>();
  private readonly idBytes: Buffer;
  private catchUpTimer: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  /** Something this instance committed could not be published: the others must catch up. */
  private missed = false;
  private stopped = false;

  constructor(
    private readonly link: RedisLink,
    private readonly control: ControlChannel,
    private readonly prefix: string,
    private readonly opts: DocFanoutOptions = DEFAULT_DOC_FANOUT,
    /** Incremental catch-up from PostgreSQL; null: every room re-reads its whole document (its own catchUp). */
    private readonly reader: CatchUpReader | null = null,
  ) {
    this.idBytes = Buffer.from(link.instanceId, 'hex');
    link.on('down', () => this.onDown());
    link.on('up', () => this.onUp());
    if (!link.isUp) this.startCatchUp();
    this.heartbeat = setInterval(() => this.tick(), opts.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Control messages concern the documents too (liveness, resync). */
  heard(instanceId: string): void {
    this.lastHeard.set(instanceId, Date.now());
  }

  instanceGone(instanceId: string): void {
    this.lastHeard.delete(instanceId);
    this.forEachRoom((l) => l.dropRemoteAwareness(instanceId));
  }

  /**
   * Brings every loaded room up to date from PostgreSQL: what was committed since each last read it (SO7).
   * One catch-up at a time; asked for meanwhile, it runs once more after.
   */
  catchUpAll(): Promise<void> {
    const reader = this.reader;
    if (!reader) {
      this.forEachRoom((l) => void l.catchUp());
      return Promise.resolve();
    }
    if (this.polling) {
      this.pollAgain = true;
      return this.polling;
    }
    this.polling = (async () => {
      do {
        this.pollAgain = false;
        await this.catchUpOnce(reader);
      } while (this.pollAgain && !this.stopped);
    })()
      .catch((err) => {
        if (!this.stopped) log.error('redis_catch_up_failed', { err: (err as Error).message });
      })
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }

  /** Resolves once no catch-up is under way (at shutdown, before the pool closes). */
  async settled(): Promise<void> {
    while (this.polling) await this.polling;
  }

  private async catchUpOnce(reader: CatchUpReader): Promise<void> {
    const known: Array<{ listener: RemoteDocListener; entry: RoomPosition; documentId: string; position: LogPosition }> = [];
    const unplaced: Array<[RemoteDocListener, RoomPosition]> = [];
    const full: Promise<void>[] = [];
    for (const [listener, entry] of this.positions) {
      if (entry.position) known.push({ listener, entry, documentId: entry.documentId, position: entry.position });
      else if (entry.position === null) unplaced.push([listener, entry]);
    }
    if (unplaced.length) {
      // No position (its read failed): a place first, then the whole document, which includes everything up to it.
      const position = await reader.position();
      for (const [listener, entry] of unplaced) {
        if (this.positions.get(listener) !== entry) continue;
        entry.position = position;
        reader.totals.fullReads++;
        full.push(listener.catchUp());
      }
    }
    if (known.length) {
      const { deltas, position } = await reader.read(known);
      const byDoc = new Map(deltas.map((d) => [d.documentId, d]));
      for (const { listener, entry, documentId } of known) {
        if (this.positions.get(listener) !== entry) continue; // the room left meanwhile
        entry.position = position;
        const delta = byDoc.get(documentId);
        if (!delta) continue;
        if (delta.needsSnapshot) {
          // A compaction merged rows it may lack: its own full catch-up reads the snapshot (after this read).
          full.push(listener.catchUp());
          continue;
        }
        if (delta.bindings.length) listener.applyRemoteBindings(delta.bindings);
        if (delta.updates.length === 0) continue;
        let merged: Uint8Array;
        try {
          // One update per room: rows of two group commits need not be in id order (D2); merged, they integrate.
          merged = delta.updates.length === 1 ? delta.updates[0]! : Y.mergeUpdates(delta.updates);
        } catch {
          // A stored row Yjs cannot read (P9): the room's full catch-up cleans what it reads.
          full.push(listener.catchUp());
          continue;
        }
        listener.applyRemoteUpdate(merged);
      }
    }
    await Promise.all(full);
  }

  /** What the incremental catch-up has read so far (null without it). */
  get catchUpTotals() {
    return this.reader ? { ...this.reader.totals } : null;
  }

  lockDocument(documentId: string): void {
    // Published whether or not the document is loaded here: any instance that has it loaded is subscribed.
    this.send(`${this.prefix}:doc:${documentId}`, Kind.Locked);
  }

  async joinDoc(documentId: string, listener: RemoteDocListener): Promise<DocChannel> {
    const channel = `${this.prefix}:doc:${documentId}`;
    const handler = (message: Buffer) => this.receive(listener, channel, message);
    let set = this.rooms.get(documentId);
    if (!set) this.rooms.set(documentId, (set = new Set()));
    set.add(listener);
    // The room's place in the log, read before its load (which therefore holds everything visible then).
    const entry: RoomPosition = { documentId, position: this.reader ? undefined : null };
    if (this.reader) this.positions.set(listener, entry);
    const placed = this.reader
      ?.position()
      .then((p) => {
        entry.position = p;
      })
      .catch((err) => {
        entry.position = null;
        log.warn('redis_catch_up_position_failed', { doc: documentId, err: (err as Error).message });
      });
    await Promise.all([this.link.subscribe(channel, handler), placed]);
    // Cursors of clients already on other instances.
    this.send(channel, Kind.Query);
    let left = false;
    // Updates committed in the same event-loop turn (one group commit) leave as one message.
    let pending: Uint8Array[] = [];
    const flush = () => {
      const updates = pending;
      pending = [];
      if (left || updates.length === 0) return;
      const ok = updates.length === 1 ? this.send(channel, Kind.Update, updates[0]) : this.send(channel, Kind.Updates, frameList(updates));
      if (!ok) this.missed = true;
    };
    return {
      publishUpdate: (update) => {
        if (left) return;
        if (pending.push(update) === 1) queueMicrotask(flush);
      },
      publishAwareness: (update) => {
        if (!left) this.send(channel, Kind.Awareness, update);
      },
      publishBindings: (bindings) => {
        // Sent at once, so it leaves before the update batch flushed at the end of this turn.
        if (!left && !this.send(channel, Kind.Bindings, Buffer.from(JSON.stringify(bindings)))) this.missed = true;
      },
      leave: () => {
        if (left) return;
        flush();
        left = true;
        this.send(channel, Kind.Left);
        this.link.unsubscribe(channel, handler);
        this.positions.delete(listener);
        const s = this.rooms.get(documentId);
        s?.delete(listener);
        if (s?.size === 0) this.rooms.delete(documentId);
      },
    };
  }

  private send(channel: string, kind: number, payload?: Uint8Array): boolean {
    if (this.stopped) return false;
    const header = Buffer.allocUnsafe(1 + ID_BYTES);
    header[0] = kind;
    this.idBytes.copy(header, 1);
    const message = payload ? Buffer.concat([header, payload]) : header;
    return this.link.publish(channel, message);
  }

  private receive(listener: RemoteDocListener, channel: string, message: Buffer): void {
    if (message.length < 1 + ID_BYTES) return;
    const sender = message.subarray(1, 1 + ID_BYTES).toString('hex');
    if (sender === this.link.instanceId) return;
    this.heard(sender);
    // A copy: the client's read buffers may be reused, and a room may keep an update until it has loaded.
    const payload = new Uint8Array(message.subarray(1 + ID_BYTES));
    switch (message[0]) {
      case Kind.Update:
        listener.applyRemoteUpdate(payload);
        break;
      case Kind.Updates:
        for (const update of unframeList(payload)) listener.applyRemoteUpdate(update);
        break;
      case Kind.Awareness:
        listener.applyRemoteAwareness(sender, payload);
        break;
      case Kind.Bindings: {
        const bindings = parseBindings(payload);
        if (bindings) listener.applyRemoteBindings(bindings);
        else log.warn('redis_doc_bindings_invalid', {});
        break;
      }
      case Kind.Query: {
        const states = listener.encodeLocalAwareness();
        if (states) this.send(channel, Kind.Awareness, states);
        break;
      }
      case Kind.Left:
        listener.dropRemoteAwareness(sender);
        break;
      case Kind.Locked:
        listener.lock();
        break;
      default:
        log.warn('redis_doc_message_unknown', { kind: message[0] });
    }
  }

  private onDown(): void {
    // Remote cursors can no longer be kept current: drop them until the link returns.
    this.forEachRoom((l) => l.dropRemoteAwareness(null));
    this.lastHeard.clear();
    this.startCatchUp();
  }

  private onUp(): void {
    this.stopCatchUp();
    // Every channel is subscribed again: what was committed meanwhile is in PostgreSQL.
    void this.catchUpAll();
    for (const documentId of this.rooms.keys()) this.send(`${this.prefix}:doc:${documentId}`, Kind.Query);
    if (this.missed && this.control.send({ op: 'resync' })) this.missed = false;
  }

  private startCatchUp(): void {
    if (this.catchUpTimer || this.stopped) return;
    this.catchUpTimer = setInterval(() => void this.catchUpAll(), this.opts.catchUpMs);
    this.catchUpTimer.unref();
  }

  private stopCatchUp(): void {
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
    this.catchUpTimer = null;
  }

  private tick(): void {
    this.control.send({ op: 'alive' });
    const deadline = Date.now() - this.opts.instanceTimeoutMs;
    for (const [instanceId, at] of [...this.lastHeard]) {
      if (at < deadline) {
        log.warn('instance_silent', { instance: instanceId });
        this.instanceGone(instanceId);
      }
    }
  }

  private forEachRoom(fn: (l: RemoteDocListener) => void): void {
    for (const set of this.rooms.values()) for (const l of set) fn(l);
  }

  /** At shutdown: tell the others this instance's cursors are gone, stop every timer. */
  stop(): void {
    if (this.stopped) return;
    this.control.send({ op: 'bye' });
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.stopCatchUp();
  }

  get loadedRooms(): number {
    return this.rooms.size;
  }
}

/** [varuint length][bytes] for each update, in order. */
function frameList(updates: Uint8Array[]): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const u of updates) encoding.writeVarUint8Array(encoder, u);
  return encoding.toUint8Array(encoder);
}

function unframeList(payload: Uint8Array): Uint8Array[] {
  const decoder = decoding.createDecoder(payload);
  const updates: Uint8Array[] = [];
  try {
    while (decoding.hasContent(decoder)) updates.push(decoding.readVarUint8Array(decoder));
  } catch {
    log.warn('redis_doc_updates_malformed');
  }
  return updates;
}

function parseBindings(payload: Uint8Array): ClientClaim[] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload).toString());
    if (!Array.isArray(value)) return null;
    const valid = value.every(
      (b: Partial<ClientClaim>) => Number.isSafeInteger(b.clientId) && typeof b.userId === 'string' && SECTORS.includes(b.sector as never),
    );
    return valid ? (value as ClientClaim[]) : null;
  } catch {
    return null;
  }
}
