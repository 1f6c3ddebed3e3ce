/**
 * How long the disk under PostgreSQL's WAL takes to make a commit durable, as
 * a distribution (docs/performance.md, "25-50 x 8"): appends of one WAL page
 * (8 kB) to a preallocated 16 MB file, each followed by fdatasync (what
 * PostgreSQL's default wal_sync_method does per commit), at the commit rate
 * Samråd makes at 25-50 x 8. PostgreSQL 15 reports only the mean
 * (pg_stat_wal.wal_sync_time); this gives the tail a keystroke's p99 sees.
 *
 *   npx tsx bench/disk-flush.ts [--rate=333] [--seconds=10] [--dir=DIR]
 *
 * DIR defaults to the local PostgreSQL's data directory's parent (the same
 * file system; nothing is written inside PostgreSQL's own directory).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { numberArg, textArg } from './harness/args.js';
import { Histogram } from './harness/histogram.js';

const RATE = numberArg('rate', 333);
const SECONDS = numberArg('seconds', 10);
const PAGE = 8192;
const SEGMENT = 16 * 1024 * 1024;

async function probeDir(): Promise<string> {
  const dir = textArg('dir');
  if (dir) return dir;
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    return path.dirname(rows[0]!.data_directory);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const dir = await probeDir();
  const file = path.join(dir, `samraad-flush-probe-${process.pid}`);
  const fd = fs.openSync(file, 'w+');
  try {
    fs.writeSync(fd, Buffer.alloc(SEGMENT)); // preallocated, as PostgreSQL's WAL segments are
    fs.fsyncSync(fd);
    const page = Buffer.alloc(PAGE, 7);
    const h = new Histogram();
    const interval = 1000 / RATE;
    const started = performance.now();
    let offset = 0;
    let n = 0;
    while (performance.now() - started < SECONDS * 1000) {
      const due = started + n * interval;
      while (performance.now() < due) await new Promise((r) => setImmediate(r));
      const t0 = performance.now();
      fs.writeSync(fd, page, 0, PAGE, offset);
      fs.fdatasyncSync(fd);
      h.record(performance.now() - t0);
      offset = (offset + PAGE) % SEGMENT;
      n++;
    }
    const p = (q: number) => h.percentile(q).toFixed(2);
    console.log(`disk under ${dir}: ${n} appends of 8 kB + fdatasync at ${RATE}/s for ${SECONDS} s`);
    console.log(`| p50 | p90 | p99 | p99.9 | max (ms) |\n| --- | --- | --- | --- | --- |\n| ${p(50)} | ${p(90)} | ${p(99)} | ${p(99.9)} | ${p(100)} |`);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}

await main();
