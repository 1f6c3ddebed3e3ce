/**
 * A raw-protocol load client: its own Y.Doc, real Yjs updates, the y-websocket
 * (or Hocuspocus) wire protocol over a plain socket (wire.ts), no provider
 * and no websocket library. Receivers do not apply what they get (that is
 * client cost, not server cost) unless `apply` is set.
 *
 * The harness shares a 2-core machine with the server, so it keeps its own
 * cost down where that changes nothing the server sees: a writer makes its
 * keystrokes' updates with its own Y.Doc before the load starts (`prepare`;
 * it never applies what it receives, so they are the same bytes it would make
 * live) as finished frames; a received message is read in place, and an
 * update's identity (client, clock) is read with a few varint reads and no
 * allocation (`receiptKey`).
 */
import * as Y from 'yjs';
import { CLOCKS, Codec, awarenessKey, encodeAwarenessState, updateKey, type Dialect } from './codec.js';
import type { Tracker } from './tracker.js';
import { WireSocket, clientFrame } from './wire.js';

export interface Room {
  name: string;
  clients: Set<RawClient>;
}

export interface ClientOptions {
  url: string; // full websocket URL for this room
  dialect: Dialect;
  room: Room;
  tracker: Tracker;
  /** Apply incoming updates to the local doc (validation). */
  apply?: boolean;
  /** Which server instance the client is connected to (two-instance run); 0 otherwise. */
  instance?: number;
}

export class RawClient {
  readonly doc = new Y.Doc();
  private readonly codec: Codec;
  private readonly text: Y.Text;
  private wire: WireSocket | null = null;
  open = false;
  syncedAt = 0;
  private awarenessClock = 0;
  private onSynced: (() => void) | null = null;
  /** Set on a big preloaded state to push once (servers without storage). */
  push: Uint8Array | null = null;
  /** Keystrokes made ahead by `prepare`, sent in order by `type`. */
  private script: { frame: Buffer; key: number | null }[] = [];
  private scriptAt = 0;
  private scripting = false;
  private readonly hocuspocus: boolean;

  constructor(readonly opts: ClientOptions) {
    this.codec = new Codec(opts.dialect, opts.room.name);
    this.hocuspocus = opts.dialect === 'hocuspocus';
    this.text = this.doc.getText(opts.apply ? 'content' : `w${this.doc.clientID}`);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const keyed = { frame: clientFrame(this.codec.sync(2, update)), key: updateKey(update) };
      if (this.scripting) this.script.push(keyed);
      else if (this.open) this.sendUpdate(keyed);
    });
  }

  private peers(): number {
    let n = 0;
    for (const c of this.opts.room.clients) if (c !== this && c.open) n++;
    return n;
  }

  get instance(): number {
    return this.opts.instance ?? 0;
  }

  /** Bytes this client wrote that its socket has not handed to the kernel yet. */
  get bufferedBytes(): number {
    return this.wire?.bufferedBytes ?? 0;
  }

  /** Open peers of the room that are on another server instance. */
  private crossPeers(): number {
    let n = 0;
    for (const c of this.opts.room.clients) if (c !== this && c.open && c.instance !== this.instance) n++;
    return n;
  }

  /** Opens the socket; resolves on open, or rejects on error/timeout. */
  async connect(timeoutMs = 30_000): Promise<void> {
    this.syncedAt = 0;
    const wire = await WireSocket.connect(
      this.opts.url,
      {
        onMessage: (data, start, end) => this.receive(data, start, end),
        onClose: () => {
          this.open = false;
        },
      },
      timeoutMs,
    );
    this.wire = wire;
    this.open = true;
    this.opts.room.clients.add(this);
    for (const m of this.codec.hello(Y.encodeStateVector(this.doc))) wire.send(clientFrame(m));
    if (this.push) wire.send(clientFrame(this.codec.sync(2, this.push)));
  }

  /** Resolves once sync step 2 arrived (or at once if it already has). */
  synced(timeoutMs = 30_000): Promise<number> {
    if (this.syncedAt) return Promise.resolve(this.syncedAt);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not synced: ${this.opts.room.name}`)), timeoutMs);
      this.onSynced = () => {
        clearTimeout(timer);
        resolve(this.syncedAt);
      };
    });
  }

  /** One message, read in place (see receiptKey); only `apply` and sync step 2 look at the update itself. */
  private receive(data: Buffer, start: number, end: number): void {
    const m = readMessage(data, start, end, this.hocuspocus);
    switch (m) {
      case MSG_UPDATE:
        this.opts.tracker.onReceive(updateKeyAt(data, read.from), this.instance);
        if (this.opts.apply) Y.applyUpdate(this.doc, data.subarray(read.from, read.to), this);
        break;
      case MSG_STEP2:
        if (this.opts.apply) Y.applyUpdate(this.doc, data.subarray(read.from, read.to), this);
        if (!this.syncedAt) {
          this.syncedAt = performance.now();
          this.onSynced?.();
          this.onSynced = null;
        }
        break;
      case MSG_STEP1:
        // Answer like a provider would; only writers have anything to send.
        if (this.text.length > 0 || this.opts.apply) this.wire?.send(clientFrame(this.codec.sync(1, Y.encodeStateAsUpdate(this.doc))));
        break;
      case MSG_AWARENESS:
        this.opts.tracker.onReceiveAwareness(awarenessKeyAt(data, read.from));
        break;
    }
  }

  /** Makes `n` keystrokes' updates now, to be sent by `type` later. */
  prepare(n: number, rnd: () => number): void {
    this.script = this.script.slice(this.scriptAt);
    this.scriptAt = 0;
    this.scripting = true;
    try {
      for (let i = 0; i < n; i++) this.edit(rnd);
    } finally {
      this.scripting = false;
    }
  }

  /** One keystroke: the next prepared one, or a live edit when none is left. */
  type(rnd: () => number): void {
    if (!this.open) return;
    if (this.scriptAt < this.script.length) this.sendUpdate(this.script[this.scriptAt++]!);
    else this.edit(rnd);
  }

  private sendUpdate({ frame, key }: { frame: Buffer; key: number | null }): void {
    this.opts.tracker.onSend(key, this.peers(), this.crossPeers(), this.instance);
    this.wire!.send(frame);
  }

  /** Insert a character, or (10 %) delete one of its own. */
  private edit(rnd: () => number): void {
    const len = this.text.length;
    if (len > 0 && rnd() < 0.1) this.text.delete(Math.floor(rnd() * len), 1);
    else this.text.insert(Math.floor(rnd() * (len + 1)), String.fromCharCode(97 + Math.floor(rnd() * 26)));
  }

  sendAwareness(): void {
    if (!this.open) return;
    const update = encodeAwarenessState(this.doc.clientID, ++this.awarenessClock, {
      user: { name: 'bench' },
      cursor: { anchor: this.text.length, head: this.text.length },
    });
    this.opts.tracker.onSendAwareness(awarenessKey(update), this.peers(), this.instance);
    this.wire!.send(clientFrame(this.codec.awareness(update)));
  }

  /** The close handshake (2 s at most). */
  async close(): Promise<void> {
    const wire = this.wire;
    this.open = false;
    this.opts.room.clients.delete(this);
    if (wire) await wire.close();
  }

  /** Drops the connection without a close handshake (it can connect again). */
  terminate(): void {
    this.wire?.terminate();
    this.open = false;
  }

  destroy(): void {
    this.wire?.terminate();
    this.open = false;
    this.opts.room.clients.delete(this);
    this.doc.destroy();
  }
}

const MSG_OTHER = 0;
const MSG_STEP1 = 1;
const MSG_STEP2 = 2;
export const MSG_UPDATE = 3;
const MSG_AWARENESS = 4;

/** Where readMessage found the payload (module state, so a receipt allocates nothing). */
export const read = { at: 0, from: 0, to: 0 };

/** A lib0 varuint at read.at (advances it). */
function varUint(data: Buffer): number {
  let n = 0;
  let mult = 1;
  for (;;) {
    const b = data[read.at++]!;
    n += (b & 0x7f) * mult;
    if (b < 0x80) return n;
    mult *= 128;
    if (mult > 2 ** 53) throw new Error('varuint too long');
  }
}

/**
 * The kind of one message and its payload's place (read.from, read.to):
 *   plain:      type (0 sync: step, payload | 1 awareness: payload)
 *   hocuspocus: document name first; type 4 (SyncReply) carries a step like 0.
 */
export function readMessage(data: Buffer, start: number, end: number, hocuspocus: boolean): number {
  read.at = start;
  if (hocuspocus) {
    const name = varUint(data); // (read first: `read.at += varUint()` would add to the old read.at)
    read.at += name; // the document name's bytes
  }
  const type = varUint(data);
  if (type === 0 || type === 4) {
    const step = varUint(data);
    if (step === 0) return MSG_STEP1;
    const n = varUint(data);
    read.from = read.at;
    read.to = read.at + n;
    if (read.to > end) throw new Error('truncated message');
    return step === 1 ? MSG_STEP2 : MSG_UPDATE;
  }
  if (type === 1) {
    const n = varUint(data);
    read.from = read.at;
    read.to = read.at + n;
    return MSG_AWARENESS;
  }
  return MSG_OTHER;
}

/** codec.ts's updateKey, read in place at `at`. */
export function updateKeyAt(data: Buffer, at: number): number | null {
  read.at = at;
  const groups = varUint(data);
  if (groups > 0) {
    varUint(data); // number of structs
    const client = varUint(data);
    return client * CLOCKS + varUint(data);
  }
  const clients = varUint(data);
  if (clients === 0) return null;
  const client = varUint(data);
  const deletes = varUint(data);
  if (deletes === 0) return null;
  return -(client * CLOCKS + varUint(data)) - 1;
}

/** codec.ts's awarenessKey, read in place at `at`. */
function awarenessKeyAt(data: Buffer, at: number): number | null {
  read.at = at;
  if (varUint(data) === 0) return null;
  const client = varUint(data);
  return client * CLOCKS + varUint(data);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Deterministic PRNG for keystroke choices. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}
