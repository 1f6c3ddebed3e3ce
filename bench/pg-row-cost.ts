/**
 * What PostgreSQL spends per keystroke on Samråd's update log, by part of the
 * design (docs/performance.md, targets, "CPU"): the group commit's INSERT
 * (the statements of server/collab/store.ts) into tables that differ in one thing
 * each, fed the way the server feeds it: updates arrive at a steady rate, a
 * batch is everything that arrived while the previous ones were written, at
 * most two batches in flight. PostgreSQL's CPU (postmaster and children,
 * /proc) per 1 000 updates, and commits per second.
 *
 *   npx tsx bench/pg-row-cost.ts [--seconds=10] [--rounds=3] [--variants=fk,check] [--generic]
 *
 * Variants (interleaved, each round in a rotated order, vacuumed before each; `--variants=a,b` picks some):
 *   fk         the log as it is: a foreign key to the document (checked and key-share locked per row)
 *   batch-lock no foreign key; the batch's documents key-share locked once per batch (a CTE ... FOR KEY SHARE)
 *   check      no foreign key; each update's document probed by primary key, no lock (tried as D7 with a
 *              trigger that locks the log for deletes, and not kept: docs/decisions/0018)
 *   no-lock    no foreign key and no check at all: what the integrity costs on top
 *   one-index  as no-lock without the (documentId, id) index: heap and primary key only
 *   per-commit one row per batch, the batch's updates packed in one bytea: the floor of a durable commit per batch
 * Loads: 8 000 updates/s (200 rooms x 8 writers x 5/s) and 1 000/s (25 x 8).
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { APPEND } from '../server/collab/store.js';
import { flagArg, numberArg, textArg } from './harness/args.js';
import { openBenchDatabase, vacuumBenchDatabase } from './harness/db.js';
import { pinHarness, postgresCpuMs, setPostgresBackend } from './harness/servers.js';

const SECONDS = numberArg('seconds', 10);
const ROUNDS = numberArg('rounds', 3);
const DOCUMENTS = 200; // written to; the table holds OTHER_DOCUMENTS more, as a real one does (plans depend on its size)
const OTHER_DOCUMENTS = 5000;
const UPDATE_BYTES = 24; // a one-character Y.Text insert with its struct header, as the harness sends

const TABLE = `(id BIGSERIAL PRIMARY KEY, "documentId" TEXT NOT NULL, data BYTEA NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP`;
const VARIANTS: Record<string, string[]> = {
  fk: [
    `CREATE TABLE v_fk ${TABLE}, FOREIGN KEY ("documentId") REFERENCES doc(id) ON DELETE CASCADE ON UPDATE CASCADE)`,
    `CREATE INDEX ON v_fk ("documentId", id)`,
  ],
  'batch-lock': [`CREATE TABLE "v_batch-lock" ${TABLE})`, `CREATE INDEX ON "v_batch-lock" ("documentId", id)`],
  check: [`CREATE TABLE v_check ${TABLE})`, `CREATE INDEX ON v_check ("documentId", id)`],
  'no-lock': [`CREATE TABLE "v_no-lock" ${TABLE})`, `CREATE INDEX ON "v_no-lock" ("documentId", id)`],
  'one-index': [`CREATE TABLE "v_one-index" ${TABLE})`],
  'per-commit': [`CREATE TABLE "v_per-commit" (id BIGSERIAL PRIMARY KEY, data BYTEA NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP)`],
};
/** The statement per variant: the group commit's own (store.ts APPEND), unless the variant changes it. */
const STATEMENT: Record<string, (table: string) => string> = {
  'batch-lock': (table) => `WITH d AS (SELECT id FROM doc WHERE id = ANY($1::text[]) FOR KEY SHARE)
    INSERT INTO ${table} ("documentId", "data") SELECT d, substring($2::bytea FROM s FOR n)
    FROM unnest($1::text[], $3::int[], $4::int[]) WITH ORDINALITY AS u(d, s, n, i) WHERE d IN (SELECT id FROM d) ORDER BY i`,
  check: (table) => `INSERT INTO ${table} ("documentId", "data") SELECT u.d, substring($2::bytea FROM u.s FOR u.n)
    FROM unnest($1::text[], $3::int[], $4::int[]) WITH ORDINALITY AS u(d, s, n, i)
    WHERE (SELECT true FROM doc WHERE doc.id = u.d) ORDER BY u.i`,
  'per-commit': (table) => `INSERT INTO ${table} (data) VALUES ($1)`,
};
const ownStatement = (table: string) => APPEND.replace('"DocUpdate"', table);
const LOADS = [8000, 1000];

interface Result {
  variant: string;
  rate: number;
  cpuPer1k: number;
  commitsPerS: number;
  perCommit: number;
}

async function feed(pool: pg.Pool, variant: string, rate: number, docs: string[]): Promise<Result> {
  const table = `"v_${variant}"`;
  const append = (STATEMENT[variant] ?? ownStatement)(table);
  const update = crypto.randomBytes(UPDATE_BYTES);
  let queued = 0;
  let inFlight = 0;
  let commits = 0;
  let sent = 0;
  const write = (n: number) => {
    inFlight++;
    const values =
      variant === 'per-commit'
        ? [Buffer.concat(Array.from({ length: n }, () => update))]
        : [
            Array.from({ length: n }, (_, i) => docs[(sent + i) % docs.length]!),
            Buffer.concat(Array.from({ length: n }, () => update)),
            Array.from({ length: n }, (_, i) => 1 + i * UPDATE_BYTES),
            Array.from({ length: n }, () => UPDATE_BYTES),
          ];
    sent += n;
    void pool.query({ name: `append_${variant}`, text: append, values }).then(() => {
      inFlight--;
      commits++;
      kick();
    });
  };
  const kick = () => {
    while (inFlight < 2 && queued > 0) {
      const n = queued;
      queued = 0;
      write(n);
    }
  };
  const started = performance.now();
  let due = 0;
  const cpu0 = postgresCpuMs();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      const target = Math.floor(Math.min(elapsed, SECONDS) * rate);
      queued += target - due;
      due = target;
      kick();
      if (elapsed >= SECONDS && inFlight === 0 && queued === 0) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  const cpuMs = postgresCpuMs() - cpu0;
  return { variant, rate, cpuPer1k: cpuMs / sent, commitsPerS: commits / SECONDS, perCommit: sent / commits };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

async function main(): Promise<void> {
  pinHarness();
  const database = await openBenchDatabase();
  // --generic: plan the statements once per connection (PostgreSQL plans a prepared statement afresh on every
  // execution while its custom plan looks cheaper than the generic one, as for small batches).
  const options = flagArg('generic') ? '-c plan_cache_mode=force_generic_plan' : undefined;
  const pool = new pg.Pool({ connectionString: database.url, max: 2, options });
  try {
    setPostgresBackend((await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    const docs = Array.from({ length: DOCUMENTS }, () => `c${crypto.randomBytes(12).toString('hex').slice(0, 24)}`);
    await pool.query('CREATE TABLE doc (id TEXT PRIMARY KEY)');
    await pool.query('INSERT INTO doc SELECT unnest($1::text[])', [docs]);
    await pool.query(`INSERT INTO doc SELECT 'other' || g FROM generate_series(1, ${OTHER_DOCUMENTS}) g`);
    await pool.query('ANALYZE doc');
    for (const ddl of Object.values(VARIANTS).flat()) await pool.query(ddl);
    const results: Result[] = [];
    const names = textArg('variants')?.split(',') ?? Object.keys(VARIANTS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const rate of LOADS) {
        for (const variant of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
          await vacuumBenchDatabase(database.url);
          const r = await feed(pool, variant, rate, docs);
          results.push(r);
          process.stderr.write(`round ${round + 1} ${rate}/s ${variant}: ${r.cpuPer1k.toFixed(4)} CPU-s/1k, ${r.commitsPerS.toFixed(0)} commits/s\n`);
        }
      }
    }
    console.log(`\nPostgreSQL CPU per 1 000 updates (CPU-seconds), median of ${ROUNDS} rounds of ${SECONDS} s\n`);
    console.log('| load | variant | CPU-s / 1k updates | µs per update | commits / s | updates per commit |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const rate of LOADS) {
      for (const variant of names) {
        const rs = results.filter((r) => r.rate === rate && r.variant === variant);
        const cpu = median(rs.map((r) => r.cpuPer1k));
        console.log(
          `| ${rate}/s | ${variant} | ${cpu.toFixed(4)} | ${(cpu * 1000).toFixed(1)} | ${median(rs.map((r) => r.commitsPerS)).toFixed(0)} | ${median(rs.map((r) => r.perCommit)).toFixed(1)} |`,
        );
      }
    }
  } finally {
    await pool.end();
    await database.drop();
  }
}

await main();
