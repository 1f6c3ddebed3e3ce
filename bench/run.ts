/**
 * npm run bench [-- --quick] [--servers=relay,ywebsocket,hocuspocus,samraad]
 *   [--workloads=typing,realistic,cold,memory,storm,twoinstance] [--steps=50,100,200,400]
 *   [--twosteps=50,100] [--measure=SECONDS] [--repeat=N] [--json=FILE] [--baseline=GIT_REF[,GIT_REF...]]
 * Runs every selected server in its own process on core 0 and the harness on
 * core 1, one server at a time, and prints one table. `twoinstance` then runs
 * two Samråd instances (cores 0 and 1, one database, Redis fan-out; the
 * harness shares core 1 with instance B). --baseline runs Samråd at other
 * commits beside today's, in every round (bench/harness/baseline.ts); with
 * several, their order rotates from round to round.
 * See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../server/db/migrate.js';
import { createDatabase } from '../server/db/client.js';
import { connectionFromUrl } from '../server/db/postgres.js';
import { setLogLevel } from '../server/observability/log.js';
import { buildBigDoc } from './harness/bigdoc.js';
import { openBenchDatabase, samraadTokens, seedSamraad, vacuumBenchDatabase } from './harness/db.js';
import { harnessBound, type Ctx, type Row } from './harness/fleet.js';
import { PgStats } from './harness/pgstats.js';
import crypto from 'node:crypto';
import { BenchServer, LABEL, SERVER_KINDS, pinHarness, pinPostgres, setPostgresBackend, type ServerKind } from './harness/servers.js';
import { prepareBaseline } from './harness/baseline.js';
import { validate } from './harness/validate.js';
import { coldLoad, memory, realistic, reconnectStorm, steadyTyping, twoInstance } from './harness/workloads.js';

const WORKLOADS = ['typing', 'realistic', 'cold', 'memory', 'storm', 'twoinstance'] as const;
/** Not in the default run: `--workloads=pageload` runs bench/page-load.ts (needs `npm run build`). */
const EXTRA = ['pageload'] as const;
type Workload = (typeof WORKLOADS)[number];

function pgCores(flag: string | undefined): string | undefined {
  if (flag === 'none') return undefined;
  if (flag) return flag;
  const n = os.cpus().length;
  return n >= 4 ? `2-${n - 1}` : n >= 2 ? '1' : undefined;
}

function parseArgs(argv: string[]) {
  const flags = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}`);
    flags.set(m[1]!, m[2] ?? 'true');
  }
  const quick = flags.has('quick');
  const list = (k: string) => flags.get(k)?.split(',').filter(Boolean);
  const servers = (list('servers') ?? SERVER_KINDS) as ServerKind[];
  for (const s of servers) if (!SERVER_KINDS.includes(s)) throw new Error(`unknown server ${s}`);
  const workloads = (list('workloads') ?? WORKLOADS) as Workload[];
  for (const w of workloads) if (!WORKLOADS.includes(w) && !(EXTRA as readonly string[]).includes(w)) throw new Error(`unknown workload ${w}`);
  const measureMs = Number(flags.get('measure') ?? (quick ? 5 : 15)) * 1000;
  const repeat = Number(flags.get('repeat') ?? 1);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 9) throw new Error('--repeat must be 1-9');
  return {
    quick,
    servers,
    workloads,
    steps: (list('steps') ?? (quick ? ['25', '50'] : ['25', '50', '100', '150', '200', '300'])).map(Number),
    twoSteps: (list('twosteps') ?? (quick ? ['25', '50'] : ['50', '100'])).map(Number),
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    warmMs: quick ? 1500 : 3000,
    measureMs,
    repeat,
    realisticRooms: quick ? 50 : 200,
    memoryLevels: quick ? [50, 100] : [100, 500, 1000],
    stormClients: quick ? 200 : 1000,
    coldJoiners: quick ? 3 : 5,
    json: flags.get('json') ?? path.resolve(import.meta.dirname, 'results', 'latest.json'),
    baselines: list('baseline') ?? [],
    /**
     * Cores the local PostgreSQL is pinned to during the run (a taskset list), or none. By default never the
     * server's core 0 (in production the database is another machine): core 1 with the harness on 2-3 cores
     * (which can only slow what the harness measures, for every server alike), cores 2 and up on 4 or more.
     */
    pgCores: pgCores(flags.get('pgcore')),
  };
}

const num = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '' : v.toFixed(digits));

function table(rows: Row[]): string {
  const relay = new Map(rows.filter((r) => r.server === 'relay').map((r) => [`${r.workload}|${r.step}`, r]));
  const relayRow = (r: Row) => relay.get(`${r.workload === 'f two-instance' ? 'a typing' : r.workload}|${r.step}`);
  /** Server plus PostgreSQL CPU per keystroke against the relay's (which has no database). */
  const withPg = (r: Row) => {
    const base = relayRow(r)?.cpuPer1k;
    return base && r.cpuPer1k !== undefined && r.server !== 'relay' ? `${((r.cpuPer1k + (r.pgCpuPer1k ?? 0)) / base).toFixed(2)}x` : '';
  };
  const ratio = (r: Row, k: 'p99' | 'cpuPer1k' | 'eldP99' | 'rssMB' | 'heapMB') => {
    const base = relayRow(r)?.[k];
    const v = r[k];
    return base && v !== undefined && r.server !== 'relay' ? `${(v / base).toFixed(2)}x` : '';
  };
  const head = ['server', 'workload', 'step', 'p50', 'p95', 'p99', 'max', 'deliv%', 'cpu-s/1k', 'pg-s/1k', 'writes/ks', 'eld99', 'eldmax', 'rssMB', 'heapMB', 'p99/relay', 'cpu/relay', '+pg/relay', 'rss/relay', 'harness', 'aw-p99'];
  const body = rows.map((r) => [
    r.instances ? `${LABEL[r.server] ?? r.server} x2` : (LABEL[r.server] ?? r.server),
    r.workload,
    r.step,
    num(r.p50),
    num(r.p95),
    num(r.p99),
    num(r.max),
    r.delivered === undefined ? '' : (r.delivered * 100).toFixed(2),
    num(r.cpuPer1k, 3),
    num(r.pgCpuPer1k, 3),
    num(r.writesPerKey, 2),
    num(r.eldP99),
    num(r.eldMax, 0),
    num(r.rssMB, 0),
    num(r.heapMB, 0),
    ratio(r, 'p99'),
    ratio(r, 'cpuPer1k'),
    withPg(r),
    ratio(r, 'rssMB'),
    r.harnessCpu === undefined ? '' : `${Math.round(r.harnessCpu * 100)}%${harnessBound(r) ? ' BOUND' : ''}`,
    num(r.awarenessP99),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
  const bound = (r: Row) =>
    harnessBound(r)
      ? `HARNESS-BOUND (harness ${Math.round((r.harnessCpu ?? 0) * 100)} % of its core, sent ${((r.sendRatio ?? 1) * 100).toFixed(1)} % of the keystrokes due, its event-loop delay p99 ${num(r.harnessEld99)} ms): latencies include the harness's own queueing`
      : '';
  // Where a row's tail may come from besides the server's own work: the scheduler (waiting for a core) on both sides.
  const sched = (r: Row) =>
    r.serverRunqWait !== undefined && r.workload === 'a typing'
      ? `event loops waiting for a core: server ${(r.serverRunqWait * 100).toFixed(1)} %, harness ${((r.harnessRunqWait ?? 0) * 100).toFixed(1)} % of the window; harness event-loop delay p99 ${num(r.harnessEld99)} ms`
      : '';
  const notes = rows
    .filter((r) => r.note || harnessBound(r) || sched(r))
    .map((r) => `- ${LABEL[r.server] ?? r.server}, ${r.workload} ${r.step}: ${[bound(r), r.note, sched(r)].filter(Boolean).join('; ')}`);
  return [...out, '', ...notes, ...twoInstanceTable(rows, relayRow)].join('\n');
}

/** The two-instance rows: latency by same-/cross-instance receipt, CPU per instance. */
function twoInstanceTable(rows: Row[], relayRow: (r: Row) => Row | undefined): string[] {
  const two = rows.filter((r) => r.instances);
  if (!two.length) return [];
  const x = (v: number | undefined, base: number | undefined) => (v !== undefined && base ? `${(v / base).toFixed(2)}x` : '');
  const head = ['step', 'all p50/p95/p99', 'same p50/p95/p99', 'cross p50/p95/p99', 'deliv%', 'cross deliv%', 'cpu A', 'cpu B', 'cpu A+B', 'redis', 'pg', 'cross p99/relay', 'A+B cpu/relay', 'eld99 A/B', 'harness'];
  const trip = (h?: { p50?: number; p95?: number; p99?: number }) => (h ? `${num(h.p50)} / ${num(h.p95)} / ${num(h.p99)}` : '');
  const body = two.map((r) => {
    const base = relayRow(r);
    const [a, b] = r.instances!;
    return [
      r.step,
      trip(r),
      trip(r.same),
      trip(r.cross),
      r.delivered === undefined ? '' : (r.delivered * 100).toFixed(2),
      r.cross?.delivered === undefined ? '' : (r.cross.delivered * 100).toFixed(2),
      num(a?.cpuPer1k, 3),
      num(b?.cpuPer1k, 3),
      num(r.cpuPer1k, 3),
      num(r.redisCpuPer1k, 3),
      num(r.pgCpuPer1k, 3),
      x(r.cross?.p99, base?.p99),
      x(r.cpuPer1k, base?.cpuPer1k),
      `${num(a?.eldP99)} / ${num(b?.eldP99)}`,
      r.harnessCpu === undefined ? '' : `${Math.round(r.harnessCpu * 100)}% (shares core 1 with B)`,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((c) => c[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [
    '',
    'Two Samråd instances (A on core 0, B on core 1, Redis fan-out, 4 clients of each room on A and 4 on B); cpu = CPU-s per 1000 keystrokes of all rooms:',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
  ];
}

/**
 * --repeat: one row per server, workload and step: the run with the median
 * p99 (memory: median heap), shown whole so its figures belong together, with
 * the spread over all runs in its note.
 */
function medianRuns(rows: Row[], repeat: number): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = `${r.server}|${r.instances ? 'x2' : ''}|${r.workload}|${r.step}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const range = (xs: (number | undefined)[], digits: number) => {
    const v = xs.filter((x): x is number => x !== undefined && !Number.isNaN(x));
    return v.length ? `${Math.min(...v).toFixed(digits)}-${Math.max(...v).toFixed(digits)}` : '';
  };
  return [...groups.values()].map((runs) => {
    const key = (r: Row) => (r.workload === 'd memory' ? r.heapMB : r.p99) ?? Infinity;
    const sorted = [...runs].sort((a, b) => key(a) - key(b));
    const pick = sorted[Math.floor(sorted.length / 2)]!; // with an even count, the worse of the middle two
    const spread =
      runs.length > 1 && pick.p99 !== undefined
        ? `median of ${runs.length} runs (p99 ${range(runs.map((r) => r.p99), 1)} ms, cpu-s/1k ${range(runs.map((r) => r.cpuPer1k), 3)}` +
          `${runs.some((r) => (r.delivered ?? 1) < 1) ? ', delivery below 100 % in a run' : ''})`
        : runs.length > 1
          ? `median of ${runs.length} runs`
          : `1 run of ${repeat} (the others stopped at an earlier step)`;
    return { ...pick, note: [spread, pick.note].filter(Boolean).join('; ') };
  });
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if ((opts.workloads as string[]).includes('pageload')) {
    // Its own process (a Samråd with demo data and a browser), before anything else is started.
    execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'page-load.ts')], { stdio: 'inherit' });
    opts.workloads = opts.workloads.filter((w) => (w as string) !== 'pageload');
    if (!opts.workloads.length) return;
  }
  setLogLevel('warn');
  const started = Date.now();
  const log = (s: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${s}\n`);
  log(pinHarness());
  // Baselines run right after today's Samråd, so they share the machine's minute as closely as they can.
  const baselines = new Map<string, { ref: string; sha: string; dir: string }>();
  for (const ref of opts.baselines) {
    const b = prepareBaseline(ref);
    const name = opts.baselines.length === 1 ? 'baseline' : `samraad@${ref}`;
    baselines.set(name, { ref, ...b });
    LABEL[name] ??= `samråd @${ref}`;
    log(`baseline: ${ref} = ${b.sha.slice(0, 12)} in ${b.dir}`);
  }
  /** Round `round`'s servers: Samråd and its baselines together, their order rotated each round (a fair share of first places). */
  const serverNames = (round: number): string[] =>
    opts.servers.flatMap((k) => {
      if (k !== 'samraad' || baselines.size === 0) return [k];
      const group = [k, ...baselines.keys()];
      const r = (round - 1) % group.length;
      return [...group.slice(r), ...group.slice(0, r)];
    });
  const loadBefore = os.loadavg()[0]!;
  const bigDoc = buildBigDoc();
  log(`340 KB document with history: ${bigDoc.byteLength} bytes`);

  const database = await openBenchDatabase();
  log(`database: ${database.where}`);
  const pg = new PgStats(database.url);
  const rows: Row[] = [];
  const failures: string[] = [];
  try {
    const db = createDatabase(connectionFromUrl(database.url), 2);
    await migrate(db.pool);
    setPostgresBackend((await db.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    await db.close();
    if (opts.pgCores) log(pinPostgres(opts.pgCores));
    const pad = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${String(i).padStart(4, '0')}`);
    const docNames = [
      ...pad('bench_t', Math.max(...opts.steps)),
      ...pad('bench_r', opts.realisticRooms),
      ...pad('bench_m', Math.max(...opts.memoryLevels)),
      ...pad('bench_s', Math.ceil(opts.stormClients / 8)),
      ...pad('bench_active', 1),
      ...pad('bench_x', Math.max(...opts.twoSteps)),
      ...Array.from({ length: opts.coldJoiners }, (_, i) => `bench_cold${i}`),
      'bench_cold12x',
      'bench_val0001',
      'bench_val0002',
      'bench_val0003',
      'bench_val0004',
    ];
    const email = await seedSamraad(database.url, docNames);

    const perServer = opts.workloads.filter((w) => w !== 'twoinstance');
    if (!perServer.length && !opts.workloads.includes('twoinstance')) return;
    // --repeat: whole rounds, servers interleaved, so a slow minute on the machine hits every server alike.
    for (let round = 1; round <= opts.repeat; round++) {
      if (opts.repeat > 1) log(`round ${round} of ${opts.repeat}`);
      for (const name of perServer.length ? serverNames(round) : []) {
        const base = baselines.get(name);
        const kind = (base ? 'samraad' : name) as ServerKind;
        const server = new BenchServer(kind, { BENCH_DATABASE_URL: database.url }, '0', base?.dir, name);
        let tokens = [''];
        let next = 0;
        const ctx: Ctx = { server, token: () => tokens[next++ % tokens.length]!, quick: opts.quick, bigDoc, dbUrl: database.url, pg, log };
        log(`${LABEL[name]}: starting`);
        try {
          await vacuumBenchDatabase(database.url); // no server inherits another's dead rows (bench/harness/db.ts)
          await server.start();
          if (kind === 'samraad') tokens = await samraadTokens(server.port, email, 8);
          const problem = await validate(ctx);
          if (problem) throw new Error(`validation failed: ${problem}`);
          log(`  validation: replicas converged`);
          for (const w of opts.workloads) {
            if (w === 'typing') rows.push(...(await steadyTyping(ctx, opts.steps, opts.warmMs, opts.measureMs)));
            if (w === 'realistic') rows.push(...(await realistic(ctx, opts.realisticRooms, opts.warmMs, opts.measureMs)));
            if (w === 'cold') rows.push(...(await coldLoad(ctx, opts.coldJoiners)));
            if (w === 'memory') rows.push(...(await memory(ctx, opts.memoryLevels)));
            if (w === 'storm') rows.push(...(await reconnectStorm(ctx, opts.stormClients)));
          }
        } catch (err) {
          failures.push(`${LABEL[name]}: ${(err as Error).message}`);
          log(`${LABEL[name]} FAILED: ${(err as Error).stack}\n${server.lastLines}`);
        } finally {
          await server.stop();
        }
      }

      if (opts.workloads.includes('twoinstance')) {
        // Two Samråd instances on one database, fan-out over Redis under a prefix of this run only.
        const prefix = `bench-${crypto.randomBytes(4).toString('hex')}`;
        const env = { BENCH_DATABASE_URL: database.url, BENCH_REDIS_URL: opts.redisUrl, BENCH_REDIS_PREFIX: prefix };
        const servers = [new BenchServer('samraad', env, '0'), new BenchServer('samraad', env, '1')];
        let tokens = [''];
        let next = 0;
        const ctx: Ctx = { server: servers[0]!, servers, token: () => tokens[next++ % tokens.length]!, quick: opts.quick, bigDoc, dbUrl: database.url, pg, log };
        log(`samråd x2: starting (cores 0 and 1, ${opts.redisUrl}, prefix ${prefix}; the harness shares core 1 with B)`);
        try {
          await vacuumBenchDatabase(database.url);
          await Promise.all(servers.map((s) => s.start()));
          tokens = await samraadTokens(servers[0]!.port, email, 8); // sessions live in PostgreSQL: valid on both
          const problem = await validate(ctx, ['bench_val0003', 'bench_val0004']);
          if (problem) throw new Error(`validation failed: ${problem}`);
          log(`  validation: replicas on A and B converged`);
          rows.push(...(await twoInstance(ctx, opts.twoSteps, opts.warmMs, opts.measureMs)));
        } catch (err) {
          failures.push(`samråd x2: ${(err as Error).message}`);
          log(`samråd x2 FAILED: ${(err as Error).stack}\nA:\n${servers[0]!.lastLines}\nB:\n${servers[1]!.lastLines}`);
        } finally {
          await Promise.all(servers.map((s) => s.stop()));
        }
      }
    }
  } finally {
    if (opts.pgCores) log(pinPostgres(`0-${os.cpus().length - 1}`));
    await pg.close();
    await database.drop().catch((err) => log(`could not drop database: ${(err as Error).message}`));
  }

  const load = `load average ${loadBefore.toFixed(1)} at start, ${os.loadavg()[0]!.toFixed(1)} at end`;
  const machine = `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, ${load}`;
  console.log(`\nSamråd bench ${new Date().toISOString()} (${opts.quick ? 'quick' : 'full'}; ${machine})`);
  for (const [name, b] of baselines) console.log(`${LABEL[name]}: ${b.ref} (${b.sha.slice(0, 12)}); ratios are to the relay, compare it with the samråd rows`);
  console.log('latency ms (update send -> peer receipt); cpu-s/1k = server CPU-seconds per 1000 keystrokes; pg-s/1k = all PostgreSQL processes');
  console.log(table(opts.repeat > 1 ? medianRuns(rows, opts.repeat) : rows));
  if (failures.length) console.log(`\nFAILED:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  fs.mkdirSync(path.dirname(opts.json), { recursive: true });
  fs.writeFileSync(opts.json, JSON.stringify({ date: new Date().toISOString(), machine, opts, rows, median: opts.repeat > 1 ? medianRuns(rows, opts.repeat) : undefined, failures }, null, 2));
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${path.relative(process.cwd(), opts.json)}`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
