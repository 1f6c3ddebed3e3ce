/**
 * Spawns one bench server per process, pinned to core 0 (or the given core), with an IPC channel
 * for stats. Reads READY <port> from its stdout.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Dialect } from './codec.js';

export type ServerKind = 'relay' | 'ywebsocket' | 'hocuspocus' | 'samraad';
export const SERVER_KINDS: ServerKind[] = ['relay', 'ywebsocket', 'hocuspocus', 'samraad'];
export const LABEL: Record<string, string> = {
  relay: 'relay (floor)',
  ywebsocket: 'y-websocket',
  hocuspocus: 'hocuspocus',
  samraad: 'samråd',
  baseline: 'samråd (baseline)',
};

export interface ServerStats {
  rss: number;
  heapUsed: number;
  /** Memory outside the V8 heap held by JS objects: Buffers and ArrayBuffers (a document kept as bytes lives here). */
  external: number;
  cpuMs: number; // user + system, cumulative
  eldP99: number;
  eldMax: number;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export class BenchServer {
  port = 0;
  private proc: ChildProcess | null = null;
  private nextId = 1;
  private waiting = new Map<number, (s: ServerStats) => void>();
  private tail: string[] = [];

  constructor(
    readonly kind: ServerKind,
    private readonly env: Record<string, string>,
    /** The core the process is pinned to (`taskset -c`). */
    readonly core = '0',
    /** The checkout the server runs from: this one, or a baseline's (bench/harness/baseline.ts). */
    private readonly root = ROOT,
    /** How its rows are labelled: the kind, or 'baseline'. */
    readonly name: string = kind,
  ) {}

  get dialect(): Dialect {
    return this.kind === 'hocuspocus' ? 'hocuspocus' : 'plain';
  }

  /** WebSocket URL of a room. */
  url(room: string, token?: string): string {
    if (this.kind === 'samraad') return `ws://127.0.0.1:${this.port}/collab/${room}?token=${token}`;
    if (this.kind === 'hocuspocus') return `ws://127.0.0.1:${this.port}/`;
    return `ws://127.0.0.1:${this.port}/${room}`;
  }

  async start(port = 0): Promise<void> {
    const entry = path.join(this.root, 'bench', 'servers', `${this.kind}.ts`);
    fs.accessSync(entry);
    // BENCH_CPU_PROF=dir writes a V8 CPU profile per server process (on exit).
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
    // Experiments: BENCH_NODE_FLAGS="--trace-gc" adds Node flags; BENCH_SERVER_LOG=file keeps the servers' output.
    prof.push(...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []));
    const logFile = process.env.BENCH_SERVER_LOG ? fs.createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' }) : null;
    const proc = spawn(
      'taskset',
      ['-c', this.core, process.execPath, '--expose-gc', '--max-old-space-size=12288', ...prof, '--import', 'tsx', entry],
      // Every server with the allocator setting Samråd is deployed with (docs/deploy.md, Memory), so RSS compares fairly.
      { cwd: this.root, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { MALLOC_MMAP_THRESHOLD_: '131072', ...process.env, ...this.env, BENCH_PORT: String(port) } },
    );
    this.proc = proc;
    proc.on('message', (m: { type: string; id: number; memory: NodeJS.MemoryUsage; cpu: NodeJS.CpuUsage; eldP99: number; eldMax: number }) => {
      if (m.type !== 'stats') return;
      this.waiting.get(m.id)?.({
        rss: m.memory.rss,
        heapUsed: m.memory.heapUsed,
        external: m.memory.external,
        cpuMs: (m.cpu.user + m.cpu.system) / 1000,
        eldP99: m.eldP99,
        eldMax: m.eldMax,
      });
      this.waiting.delete(m.id);
    });
    const keep = (chunk: Buffer) => {
      logFile?.write(chunk);
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.tail.push(line);
      if (this.tail.length > 30) this.tail.splice(0, this.tail.length - 30);
    };
    proc.stderr!.on('data', keep);
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.kind} did not start:\n${this.tail.join('\n')}`)), 60_000);
      let buf = '';
      proc.stdout!.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const m = /READY (\d+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
        keep(chunk);
        if (buf.length > 10_000) buf = buf.slice(-100);
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${this.kind} exited (${code}):\n${this.tail.join('\n')}`));
      });
    });
  }

  stats(opts: { gc?: boolean; reset?: boolean } = {}): Promise<ServerStats> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.kind}: no stats answer`)), 30_000);
      this.waiting.set(id, (s) => {
        clearTimeout(t);
        resolve(s);
      });
      this.proc!.send({ type: 'stats', id, ...opts });
    });
  }

  /** Graceful stop (SIGTERM), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(t);
    this.proc = null;
  }

  /** The server's process id (taskset execs node, so it is node's), for /proc readings. */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get lastLines(): string {
    return this.tail.join('\n');
  }
}

let postmaster = 0;

/** The PostgreSQL instance to account: the parent of one of its backends. */
export function setPostgresBackend(backendPid: number): void {
  try {
    postmaster = Number(statFields(backendPid)[1]);
  } catch {
    postmaster = 0; // not on this machine (remote database): pg-s/1k stays empty
  }
}

function statFields(pid: number | string): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' '); // [0] state, [1] ppid, [11] utime ...
}

/** Pins this (harness) process to core 1; the servers run on core 0. Returns what happened, for the log. */
export function pinHarness(): string {
  if (os.cpus().length < 2) return 'not pinned (fewer than 2 cores)';
  try {
    execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return 'harness on core 1, server on core 0';
  } catch {
    return 'not pinned (taskset failed)';
  }
}

/** The bench's PostgreSQL instance's processes (the postmaster and its children), each with its /proc stat fields. */
function postgresProcesses(): Array<{ pid: number; fields: string[] }> {
  if (!postmaster) return [];
  const found: Array<{ pid: number; fields: string[] }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      const pid = Number(entry);
      if (pid === postmaster || Number(fields[1]) === postmaster) found.push({ pid, fields });
    } catch {
      // process ended meanwhile
    }
  }
  return found;
}

/**
 * Pins the local PostgreSQL (postmaster and every process it has, so new
 * backends inherit it) to `cores` (a taskset list, e.g. "1" or "0-1"), for
 * runs that keep the database off the server's core (`--pgcore`). Returns
 * what happened, for the log.
 */
export function pinPostgres(cores: string): string {
  const pids = postgresProcesses().map((p) => p.pid);
  if (!pids.length) return 'PostgreSQL not pinned (not on this machine)';
  let failed = 0;
  for (const pid of pids) {
    try {
      execFileSync('taskset', ['-a', '-cp', cores, String(pid)], { stdio: 'ignore' });
    } catch {
      failed++;
    }
  }
  return failed ? `PostgreSQL: ${failed} of ${pids.length} processes could not be pinned to core ${cores}` : `PostgreSQL pinned to core ${cores} (${pids.length} processes)`;
}

/** CPU milliseconds of the bench's PostgreSQL instance (postmaster and its children), from /proc. */
export function postgresCpuMs(): number {
  if (!postmaster) return NaN;
  let ticks = 0;
  // utime, stime, and cutime, cstime: backends that exited are counted in
  // the postmaster's children times, so the sum does not drop when they end.
  for (const { fields } of postgresProcesses()) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  return ticks * 10; // USER_HZ = 100
}

/**
 * System calls a process made so far (/proc/<pid>/io: syscr counts read-like
 * calls, syscw write-like ones, including writev and sendmsg), or null.
 */
export function syscalls(pid: number | undefined): { reads: number; writes: number } | null {
  if (!pid) return null;
  try {
    const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    const field = (k: string) => Number(new RegExp(`^${k}: (\\d+)$`, 'm').exec(io)?.[1] ?? NaN);
    return { reads: field('syscr'), writes: field('syscw') };
  } catch {
    return null;
  }
}

/**
 * A process's main thread (the event loop) as the scheduler saw it: nanoseconds it ran and nanoseconds it waited,
 * runnable, for a core (/proc/<pid>/task/<pid>/schedstat), or null.
 */
export function mainThreadSched(pid: number | undefined): { runNs: number; waitNs: number } | null {
  if (!pid) return null;
  try {
    const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { runNs: run!, waitNs: wait! } : null;
  } catch {
    return null;
  }
}

/** CPU milliseconds of the local redis-server process(es) (the two-instance run's fan-out), from /proc. */
export function redisCpuMs(): number {
  let ticks = 0;
  let found = false;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'redis-server') continue;
      const fields = statFields(pid);
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // process ended meanwhile
    }
  }
  return found ? ticks * 10 : NaN;
}
