/**
 * A set of rooms and their raw clients against one server, with the typing
 * and awareness scheduler and the measured window that every workload uses.
 */
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RawClient, pool, prng, type Room } from './client.js';
import { PgStats, type PgWindow } from './pgstats.js';
import type { BenchServer, ServerStats } from './servers.js';
import { mainThreadSched, postgresCpuMs, redisCpuMs, syscalls } from './servers.js';
import { Tracker } from './tracker.js';

export interface Ctx {
  server: BenchServer;
  /** Two-instance run: every instance; a room's clients are split evenly across them. Default [server]. */
  servers?: BenchServer[];
  token: () => string;
  quick: boolean;
  bigDoc: Uint8Array;
  dbUrl: string;
  /** The bench database's statistics views (commits, WAL flushes, statements). */
  pg?: PgStats;
  log: (s: string) => void;
}

export interface Row {
  /** The server's name: its kind, or 'baseline' (--baseline). */
  server: string;
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
  eldMax?: number;
  rssMB?: number;
  heapMB?: number;
  harnessCpu?: number; // fraction of one core
  /** Keystrokes sent in the window / keystrokes due by the schedule (below 0.97: the harness fell behind). */
  sendRatio?: number;
  /** Keystrokes the schedule had due in the window (the ratio is read only where this is large enough to mean it). */
  sendDue?: number;
  /** The harness's own event-loop delay p99 (ms): how late it may have read what arrived. */
  harnessEld99?: number;
  /**
   * Share of the window the server's event-loop thread was runnable but waiting for its core (another process or
   * thread had it: PostgreSQL, the merge worker), and the same for the harness's own thread.
   */
  serverRunqWait?: number;
  harnessRunqWait?: number;
  /** Server system calls per keystroke (/proc/<pid>/io): writes (write, writev, sendmsg) and reads. */
  writesPerKey?: number;
  readsPerKey?: number;
  /** When the window began (ISO), and the machine's 1-minute load average at its start and end (other work shows here). */
  startedAt?: string;
  load?: [number, number];
  /** PostgreSQL in the window: transactions committed and WAL flushes per second. */
  pgCommitsPerSec?: number;
  walSyncsPerSec?: number;
  awarenessP99?: number;
  note?: string;
  /** Two-instance run: latency of receipts on the sender's instance and on the other one. */
  same?: { p50: number; p95: number; p99: number; max: number; count: number };
  cross?: { p50: number; p95: number; p99: number; max: number; count: number; delivered?: number };
  /** Two-instance run: per instance, CPU-s per 1000 keystrokes (all keystrokes), eld99, RSS. */
  instances?: { core: string; cpuPer1k?: number; eldP99: number; rssMB: number }[];
  /** Two-instance run: CPU of redis-server per 1000 keystrokes. */
  redisCpuPer1k?: number;
}

/**
 * A run whose latencies include the harness's own queueing: over 80 % of its core, or behind its schedule (3 % or
 * more of at least 1 000 keystrokes due: in a short window, such as the cold load's, the jitter alone moves a few %).
 */
export function harnessBound(r: Pick<Row, 'harnessCpu' | 'sendRatio' | 'sendDue'>): boolean {
  return (r.harnessCpu ?? 0) > 0.8 || ((r.sendRatio ?? 1) < 0.97 && (r.sendDue ?? 0) >= 1000);
}

/** "PostgreSQL: 512 commits/s, 498 WAL flushes/s (0.61 ms each), 402 B WAL per keystroke; top: ..." */
function pgNote(w: PgWindow | null, keystrokes: number): string | undefined {
  if (!w || !Number.isFinite(w.commitsPerSec)) return undefined;
  const flush = Number.isFinite(w.walSyncsPerSec)
    ? `, ${w.walSyncsPerSec.toFixed(0)} WAL flushes/s${Number.isFinite(w.walSyncMs) ? ` (${w.walSyncMs.toFixed(2)} ms each)` : ''}` +
      (keystrokes && Number.isFinite(w.walBytes) ? `, ${(w.walBytes / keystrokes).toFixed(0)} B WAL per keystroke` : '')
    : '';
  const top = w.top?.length
    ? `; statements by time: ${w.top.map((t) => `${(t.ms / (keystrokes || 1) * 1000).toFixed(1)} µs/keystroke ${t.calls} calls ${t.rows} rows "${t.query}"`).join(', ')}`
    : '';
  return `PostgreSQL: ${w.commitsPerSec.toFixed(0)} commits/s${flush}${top}`;
}

/** The PostgreSQL note for servers that store (the relay and y-websocket do not touch it). */
function storageNote(kind: string, w: PgWindow | null, keystrokes: number): string | undefined {
  return kind === 'samraad' || kind === 'hocuspocus' ? pgNote(w, keystrokes) : undefined;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Samråd only: its group-commit histogram from /metrics (loopback is allowed without a token). */
async function commitHistogram(server: BenchServer): Promise<Map<string, number> | null> {
  if (server.kind !== 'samraad') return null;
  try {
    const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    const out = new Map<string, number>();
    for (const m of text.matchAll(/^samraad_commit_latency_seconds_(bucket\{le="([^"]+)"\}|count|sum) ([0-9.e+-]+)$/gm)) out.set(m[2] ?? m[1]!, Number(m[3]));
    for (const m of text.matchAll(/^samraad_updates_total ([0-9.e+-]+)$/gm)) out.set('updates', Number(m[1]));
    return out;
  } catch {
    return null;
  }
}

/** "N commits (U updates/commit), p50 <= x ms, p99 <= y ms" from two histogram readings. */
function commitNote(a: Map<string, number> | null, b: Map<string, number> | null): string | undefined {
  if (!a || !b) return undefined;
  const d = (k: string) => (b.get(k) ?? 0) - (a.get(k) ?? 0);
  const n = d('count');
  if (!n) return undefined;
  const les = [...b.keys()].filter((k) => /^[0-9.]+$|^\+Inf$/.test(k));
  const q = (p: number) => {
    const le = les.find((k) => d(k) >= p * n);
    return le === '+Inf' ? '> 1000' : `<= ${(Number(le) * 1000).toFixed(1)}`;
  };
  const upd = d('updates');
  const slow = n - d('0.1');
  return (
    `group commit: ${n} commits${upd ? ` (${(upd / n).toFixed(1)} updates each)` : ''}, mean ${((d('sum') / n) * 1000).toFixed(1)} ms, ` +
    `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, ${slow} over 100 ms (${n - d('1')} over 1 s)`
  );
}

export class Fleet {
  readonly tracker = new Tracker();
  readonly rooms: Room[] = [];
  readonly clients: RawClient[] = [];
  readonly writers: RawClient[] = [];
  /** Keystrokes per second the running load is due to send (writers x rate), 0 without load. */
  private dueRate = 0;

  constructor(private readonly ctx: Ctx) {}

  private get servers(): BenchServer[] {
    return this.ctx.servers ?? [this.ctx.server];
  }

  /** A client of `room` on instance `instance` (index into ctx.servers). */
  newClient(room: Room, instance = 0): RawClient {
    const server = this.servers[instance]!;
    return new RawClient({ url: server.url(room.name, this.ctx.token()), dialect: server.dialect, room, tracker: this.tracker, instance });
  }

  /** Adds rooms named prefix+index in [from, to), connected and (except on the relay) synced. */
  async addRooms(prefix: string, from: number, to: number, perRoom: number, writersPerRoom: number): Promise<void> {
    const fresh: RawClient[] = [];
    for (let i = from; i < to; i++) {
      const room: Room = { name: `${prefix}${String(i).padStart(4, '0')}`, clients: new Set() };
      this.rooms.push(room);
      for (let k = 0; k < perRoom; k++) {
        // Two instances: the first half of the room's clients on A, the second half on B.
        const c = this.newClient(room, Math.floor((k * this.servers.length) / perRoom));
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
    // Every keystroke of the load, made ahead by each writer's own Y.Doc (client.ts); 25 % spare for the jitter.
    const perWriter = Math.ceil(((opts.charsPerSec * opts.maxMs) / 1000) * 1.25);
    for (const w of this.writers) w.prepare(perWriter, rnd);
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
    this.dueRate = this.writers.length * opts.charsPerSec;
    const limit = setTimeout(() => {
      clearInterval(timer);
      this.dueRate = 0;
    }, opts.maxMs);
    return () => {
      clearInterval(timer);
      clearTimeout(limit);
      this.dueRate = 0;
    };
  }

  /**
   * A measured window: counters reset, `body` (or a sleep of `ms`) runs, then
   * receipts drain for up to 3 s. Returns a Row without server/workload/step.
   */
  async window(ms: number, stopLoad: (() => void) | null, body?: () => Promise<void>): Promise<Omit<Row, 'server' | 'workload' | 'step'>> {
    const servers = this.servers;
    this.tracker.reset();
    const c0 = await Promise.all(servers.map(commitHistogram));
    const all0 = await Promise.all(servers.map((s) => s.stats({ reset: true })));
    const s0 = all0[0]!;
    const pg0 = postgresCpuMs();
    const r0 = servers.length > 1 ? redisCpuMs() : NaN;
    const sys0 = servers.map((s) => syscalls(s.pid));
    const sched0 = mainThreadSched(this.ctx.server.pid);
    const hsched0 = mainThreadSched(process.pid);
    const q0 = await this.ctx.pg?.read();
    const due = this.dueRate;
    const startedAt = new Date().toISOString();
    const load0 = os.loadavg()[0]!;
    const eld = monitorEventLoopDelay({ resolution: 5 });
    eld.enable();
    const h0 = process.cpuUsage();
    const t0 = performance.now();
    this.tracker.measuring = true;
    if (body) await body();
    else await sleep(ms);
    this.tracker.measuring = false;
    const t1 = performance.now();
    const h1 = process.cpuUsage(h0);
    eld.disable();
    const sys1 = servers.map((s) => syscalls(s.pid));
    const sched1 = mainThreadSched(this.ctx.server.pid);
    const hsched1 = mainThreadSched(process.pid);
    const q1 = await this.ctx.pg?.read();
    const all1: ServerStats[] = await Promise.all(servers.map((s) => s.stats()));
    const c1 = await Promise.all(servers.map(commitHistogram));
    const commits = servers.map((_, i) => commitNote(c0[i]!, c1[i]!)).filter(Boolean);
    const s1 = all1[0]!;
    const pg1 = postgresCpuMs();
    const r1 = servers.length > 1 ? redisCpuMs() : NaN;
    stopLoad?.();
    for (let i = 0; i < 30 && this.tracker.outstanding > 0; i++) await sleep(100);
    const tr = this.tracker;
    const h = tr.updates.summary();
    const closed = this.clients.filter((c) => !c.open).length;
    const ks = tr.keystrokes;
    const multi = servers.length > 1;
    const cpuMs = all1.reduce((sum, s, i) => sum + s.cpuMs - all0[i]!.cpuMs, 0);
    const calls = (k: 'reads' | 'writes') =>
      sys0.every((x) => x) && sys1.every((x) => x) && ks ? sys1.reduce((sum, x, i) => sum + x![k] - sys0[i]![k], 0) / ks : undefined;
    const pgWindow = q0 && q1 ? PgStats.diff(q0, q1) : null;
    return {
      p50: h.p50,
      p95: h.p95,
      p99: h.p99,
      max: h.max,
      delivered: tr.expected ? tr.delivered / tr.expected : undefined,
      keystrokes: ks,
      cpuPer1k: ks ? (multi ? cpuMs : s1.cpuMs - s0.cpuMs) / ks : undefined, // two instances: their sum
      pgCpuPer1k: ks ? (pg1 - pg0) / ks : undefined,
      eldP99: Math.max(...all1.map((s) => s.eldP99)),
      eldMax: Math.max(...all1.map((s) => s.eldMax)),
      rssMB: all1.reduce((sum, s) => sum + s.rss, 0) / 1e6,
      heapMB: all1.reduce((sum, s) => sum + s.heapUsed, 0) / 1e6,
      ...(multi
        ? {
            redisCpuPer1k: ks ? (r1 - r0) / ks : undefined,
            same: tr.same.summary(),
            cross: { ...tr.cross.summary(), delivered: tr.expectedCross ? tr.deliveredCross / tr.expectedCross : undefined },
            instances: servers.map((s, i) => ({
              core: s.core,
              cpuPer1k: ks ? (all1[i]!.cpuMs - all0[i]!.cpuMs) / ks : undefined,
              eldP99: all1[i]!.eldP99,
              rssMB: all1[i]!.rss / 1e6,
            })),
          }
        : {}),
      harnessCpu: (h1.user + h1.system) / 1000 / (t1 - t0),
      serverRunqWait: sched0 && sched1 ? (sched1.waitNs - sched0.waitNs) / 1e6 / (t1 - t0) : undefined,
      harnessRunqWait: hsched0 && hsched1 ? (hsched1.waitNs - hsched0.waitNs) / 1e6 / (t1 - t0) : undefined,
      startedAt,
      load: [load0, os.loadavg()[0]!],
      sendRatio: due > 0 ? ks / ((due * (t1 - t0)) / 1000) : undefined,
      sendDue: due > 0 ? (due * (t1 - t0)) / 1000 : undefined,
      harnessEld99: eld.percentile(99) / 1e6,
      writesPerKey: calls('writes'),
      readsPerKey: calls('reads'),
      pgCommitsPerSec: pgWindow?.commitsPerSec,
      walSyncsPerSec: pgWindow?.walSyncsPerSec,
      awarenessP99: tr.awareness.count ? tr.awareness.percentile(99) : undefined,
      note:
        [
          closed ? `${closed} of ${this.clients.length} clients were disconnected by the end of the window` : '',
          ...commits,
          storageNote(this.ctx.server.kind, pgWindow, ks),
        ]
          .filter(Boolean)
          .join('; ') || undefined,
    };
  }
}
