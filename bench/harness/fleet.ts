/**
 * A set of rooms and their raw clients against one server, with the typing
 * and awareness scheduler and the measured window that every workload uses.
 */
import { RawClient, pool, prng, type Room } from './client.js';
import type { BenchServer, ServerKind, ServerStats } from './servers.js';
import { postgresCpuMs } from './servers.js';
import { Tracker } from './tracker.js';

export interface Ctx {
  server: BenchServer;
  token: () => string;
  quick: boolean;
  bigDoc: Uint8Array;
  dbUrl: string;
  log: (s: string) => void;
}

export interface Row {
  server: ServerKind;
  workload: string;
  step: string;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  delivered?: number;
  keystrokes?: number;
  cpuPer1k?: number; // server CPU-seconds per 1000 keystrokes
  pgCpuPer1k?: number; // PostgreSQL CPU-seconds per 1000 keystrokes
  eldP99?: number;
  rssMB?: number;
  heapMB?: number;
  harnessCpu?: number; // fraction of one core
  awarenessP99?: number;
  note?: string;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Fleet {
  readonly tracker = new Tracker();
  readonly rooms: Room[] = [];
  readonly clients: RawClient[] = [];
  readonly writers: RawClient[] = [];

  constructor(private readonly ctx: Ctx) {}

  newClient(room: Room): RawClient {
    const { server } = this.ctx;
    return new RawClient({ url: server.url(room.name, this.ctx.token()), dialect: server.dialect, room, tracker: this.tracker });
  }

  /** Adds rooms named prefix+index in [from, to), connected and (except on the relay) synced. */
  async addRooms(prefix: string, from: number, to: number, perRoom: number, writersPerRoom: number): Promise<void> {
    const fresh: RawClient[] = [];
    for (let i = from; i < to; i++) {
      const room: Room = { name: `${prefix}${String(i).padStart(4, '0')}`, clients: new Set() };
      this.rooms.push(room);
      for (let k = 0; k < perRoom; k++) {
        const c = this.newClient(room);
        fresh.push(c);
        this.clients.push(c);
        if (k < writersPerRoom) this.writers.push(c);
      }
    }
    await pool(fresh, 64, (c) => c.connect());
    if (this.ctx.server.kind !== 'relay') await pool(fresh, 256, (c) => c.synced());
    await sleep(300);
  }

  async closeAll(): Promise<void> {
    await pool(this.clients, 256, (c) => c.close());
    for (const c of this.clients) c.destroy();
    this.clients.length = 0;
    this.writers.length = 0;
    this.rooms.length = 0;
  }

  /**
   * Writers type `charsPerSec` (jittered) and, with awarenessHz, everyone
   * sends awareness. Returns a stop function; stops by itself after maxMs.
   */
  startLoad(opts: { charsPerSec: number; awarenessHz: number; maxMs: number }): () => void {
    const rnd = prng(12345);
    const now = performance.now();
    const gap = 1000 / opts.charsPerSec;
    const nextType = this.writers.map(() => now + rnd() * gap);
    const awareGap = opts.awarenessHz > 0 ? 1000 / opts.awarenessHz : 0;
    const nextAware = this.clients.map(() => now + rnd() * awareGap);
    const timer = setInterval(() => {
      const t = performance.now();
      for (let i = 0; i < this.writers.length; i++) {
        // Catch up at most 2 keystrokes per tick if the harness fell behind.
        for (let k = 0; k < 2 && nextType[i]! <= t; k++) {
          this.writers[i]!.type(rnd);
          nextType[i]! += gap * (0.5 + rnd());
        }
        if (nextType[i]! <= t) nextType[i] = t + gap * rnd();
      }
      if (awareGap)
        for (let i = 0; i < this.clients.length; i++) {
          if (nextAware[i]! > t) continue;
          this.clients[i]!.sendAwareness();
          nextAware[i] = Math.max(nextAware[i]! + awareGap, t);
        }
    }, 5);
    const limit = setTimeout(() => clearInterval(timer), opts.maxMs);
    return () => {
      clearInterval(timer);
      clearTimeout(limit);
    };
  }

  /**
   * A measured window: counters reset, `body` (or a sleep of `ms`) runs, then
   * receipts drain for up to 3 s. Returns a Row without server/workload/step.
   */
  async window(ms: number, stopLoad: (() => void) | null, body?: () => Promise<void>): Promise<Omit<Row, 'server' | 'workload' | 'step'>> {
    const { server } = this.ctx;
    this.tracker.reset();
    const s0 = await server.stats({ reset: true });
    const pg0 = postgresCpuMs();
    const h0 = process.cpuUsage();
    const t0 = performance.now();
    this.tracker.measuring = true;
    if (body) await body();
    else await sleep(ms);
    this.tracker.measuring = false;
    const t1 = performance.now();
    const h1 = process.cpuUsage(h0);
    const s1: ServerStats = await server.stats();
    const pg1 = postgresCpuMs();
    stopLoad?.();
    for (let i = 0; i < 30 && this.tracker.outstanding > 0; i++) await sleep(100);
    const tr = this.tracker;
    const h = tr.updates.summary();
    const closed = this.clients.filter((c) => !c.open).length;
    const ks = tr.keystrokes;
    return {
      p50: h.p50,
      p95: h.p95,
      p99: h.p99,
      max: h.max,
      delivered: tr.expected ? tr.delivered / tr.expected : undefined,
      keystrokes: ks,
      cpuPer1k: ks ? (s1.cpuMs - s0.cpuMs) / ks : undefined,
      pgCpuPer1k: ks ? (pg1 - pg0) / ks : undefined,
      eldP99: s1.eldP99,
      rssMB: s1.rss / 1e6,
      heapMB: s1.heapUsed / 1e6,
      harnessCpu: (h1.user + h1.system) / 1000 / (t1 - t0),
      awarenessP99: tr.awareness.count ? tr.awareness.percentile(99) : undefined,
      note: closed ? `${closed} of ${this.clients.length} clients were disconnected by the end of the window` : undefined,
    };
  }
}
