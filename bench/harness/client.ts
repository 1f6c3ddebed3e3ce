/**
 * A raw-protocol load client: its own Y.Doc, real Yjs updates, the y-websocket
 * (or Hocuspocus) wire protocol over `ws`, no provider. Receivers do not apply
 * what they get (that is client cost, not server cost) unless `apply` is set.
 *
 * The harness shares a 2-core machine with the server, so it keeps its own
 * cost down where that changes nothing the server sees: a writer makes its
 * keystrokes' updates with its own Y.Doc before the load starts (`prepare`;
 * it never applies what it receives, so they are the same bytes it would make
 * live) as finished frames with an all-zero mask, written straight to the
 * socket (RFC 6455 allows any mask; the server unmasks as always); ws's own
 * sends use a zero mask too; received frames are parsed by frames.ts instead
 * of ws's stream-based Receiver.
 */
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { Codec, awarenessKey, encodeAwarenessState, updateKey, type Dialect } from './codec.js';
import { clientFrame, socketOf, takeOverReceiving } from './frames.js';
import type { Tracker } from './tracker.js';

/** frames.ts reads what servers send; BENCH_WS_RECEIVER=1 uses ws's own Receiver instead (to compare). */
const OWN_FRAME_READER = process.env.BENCH_WS_RECEIVER !== '1';

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
  ws: WebSocket | null = null;
  open = false;
  syncedAt = 0;
  private awarenessClock = 0;
  private onSynced: (() => void) | null = null;
  /** Set on a big preloaded state to push once (servers without storage). */
  push: Uint8Array | null = null;
  /** Keystrokes made ahead by `prepare`, sent in order by `type`. */
  private script: { frame: Buffer; key: number | null }[] = [];
  private socket: Socket | null = null;
  private scriptAt = 0;
  private scripting = false;

  constructor(readonly opts: ClientOptions) {
    this.codec = new Codec(opts.dialect, opts.room.name);
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

  /** Open peers of the room that are on another server instance. */
  private crossPeers(): number {
    let n = 0;
    for (const c of this.opts.room.clients) if (c !== this && c.open && c.instance !== this.instance) n++;
    return n;
  }

  /** Opens the socket; resolves on open, or rejects on error/timeout. */
  connect(timeoutMs = 30_000): Promise<void> {
    this.syncedAt = 0;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.opts.url, { perMessageDeflate: false, generateMask: zeroMask });
      this.ws = ws;
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error('connect timeout'));
      }, timeoutMs);
      ws.binaryType = 'nodebuffer';
      ws.on('open', () => {
        clearTimeout(timer);
        if (OWN_FRAME_READER) takeOverReceiving(ws, (data) => this.receive(data));
        this.socket = socketOf(ws);
        this.open = true;
        this.opts.room.clients.add(this);
        for (const m of this.codec.hello(Y.encodeStateVector(this.doc))) ws.send(m);
        if (this.push) ws.send(this.codec.sync(2, this.push));
        resolve();
      });
      if (!OWN_FRAME_READER) ws.on('message', (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.on('close', () => {
        clearTimeout(timer);
        this.open = false;
      });
    });
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

  private receive(data: Uint8Array): void {
    const m = this.codec.decode(data);
    switch (m.kind) {
      case 'update':
        this.opts.tracker.onReceive(updateKey(m.update), this.instance);
        if (this.opts.apply) Y.applyUpdate(this.doc, m.update, this);
        break;
      case 'step2':
        if (this.opts.apply) Y.applyUpdate(this.doc, m.update, this);
        if (!this.syncedAt) {
          this.syncedAt = performance.now();
          this.onSynced?.();
          this.onSynced = null;
        }
        break;
      case 'step1':
        // Answer like a provider would; only writers have anything to send.
        if (this.text.length > 0 || this.opts.apply) this.ws?.send(this.codec.sync(1, Y.encodeStateAsUpdate(this.doc)));
        break;
      case 'awareness':
        this.opts.tracker.onReceiveAwareness(awarenessKey(m.update));
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
    this.socket!.write(frame);
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
    this.ws!.send(this.codec.awareness(update));
  }

  close(): Promise<void> {
    const ws = this.ws;
    this.open = false;
    this.opts.room.clients.delete(this);
    if (!ws || ws.readyState === ws.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2000);
      ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      ws.close();
    });
  }

  destroy(): void {
    this.ws?.terminate();
    this.open = false;
    this.opts.room.clients.delete(this);
    this.doc.destroy();
  }
}

/** ws calls this for every frame it masks; zeros make it skip the XOR (see the header). */
function zeroMask(mask: Uint8Array): void {
  mask.fill(0);
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
