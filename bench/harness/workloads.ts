/** The five workloads (a)-(e). Each returns table rows for one server. */
import { pool, prng, type RawClient, type Room } from './client.js';
import { preloadDocs } from './db.js';
import { Fleet, sleep, type Ctx, type Row } from './fleet.js';
import { Histogram } from './histogram.js';

const TYPING_RATE = 5; // chars per second per writer

/** (a) R rooms x 8 writers, stepped until p99 > 100 ms or delivery < 100 %. */
export async function steadyTyping(ctx: Ctx, steps: number[], warmMs: number, measureMs: number): Promise<Row[]> {
  const rows: Row[] = [];
  const fleet = new Fleet(ctx);
  let have = 0;
  try {
    for (const rooms of steps) {
      ctx.log(`  typing: ${rooms} rooms x 8 writers`);
      await fleet.addRooms('bench_t', have, rooms, 8, 8);
      have = rooms;
      const stop = fleet.startLoad({ charsPerSec: TYPING_RATE, awarenessHz: 0, maxMs: warmMs + measureMs + 5000 });
      await sleep(warmMs);
      const r = await fleet.window(measureMs, stop);
      rows.push({ server: ctx.server.name, workload: 'a typing', step: `${rooms}x8`, ...r });
      if ((r.p99 ?? Infinity) > 100 || (r.delivered ?? 0) < 1) break;
    }
  } finally {
    await fleet.closeAll();
  }
  return rows;
}

/**
 * (f) Two Samråd instances (ctx.servers, one database, Redis fan-out), R rooms x 8
 * writers, 4 clients of each room on instance A and 4 on B. Latency split by
 * same-instance and cross-instance receipt. Every step in `steps` runs (the list bounds it) unless
 * delivery drops below 99 % or p99 exceeds 1 s, so the cross-instance cost is seen at the target load too.
 */
export async function twoInstance(ctx: Ctx, steps: number[], warmMs: number, measureMs: number): Promise<Row[]> {
  const rows: Row[] = [];
  const fleet = new Fleet(ctx);
  let have = 0;
  try {
    for (const rooms of steps) {
      ctx.log(`  two-instance: ${rooms} rooms x 8 writers (4 on A, 4 on B)`);
      await fleet.addRooms('bench_x', have, rooms, 8, 8);
      have = rooms;
      const stop = fleet.startLoad({ charsPerSec: TYPING_RATE, awarenessHz: 0, maxMs: warmMs + measureMs + 5000 });
      await sleep(warmMs);
      const r = await fleet.window(measureMs, stop);
      rows.push({ server: ctx.server.name, workload: 'f two-instance', step: `${rooms}x8`, ...r });
      if ((r.p99 ?? Infinity) > 1000 || (r.delivered ?? 0) < 0.99) break;
    }
  } finally {
    await fleet.closeAll();
  }
  return rows;
}

/** (b) R rooms x 8 clients, 2 typing, everyone sending awareness at 1 Hz. */
export async function realistic(ctx: Ctx, rooms: number, warmMs: number, measureMs: number): Promise<Row[]> {
  const fleet = new Fleet(ctx);
  try {
    ctx.log(`  realistic: ${rooms} rooms x 8 (2 typing, awareness 1 Hz)`);
    await fleet.addRooms('bench_r', 0, rooms, 8, 2);
    const stop = fleet.startLoad({ charsPerSec: TYPING_RATE, awarenessHz: 1, maxMs: warmMs + measureMs + 5000 });
    await sleep(warmMs);
    const r = await fleet.window(measureMs, stop);
    return [{ server: ctx.server.name, workload: 'b realistic', step: `${rooms}x8`, ...r }];
  } finally {
    await fleet.closeAll();
  }
}

/** Connects one client and returns ms until its sync step 2 arrived. */
async function join(fleet: Fleet, room: Room): Promise<{ ms: number; client: RawClient }> {
  const client = fleet.newClient(room);
  const t = performance.now();
  await client.connect();
  await client.synced();
  return { ms: client.syncedAt - t, client };
}

const median = (xs: number[]) => Histogram.of(xs).percentile(50);

/** (c) Cold load of the 340 KB document, while one room of 8 typists is measured. */
export async function coldLoad(ctx: Ctx, firstJoiners: number): Promise<Row[]> {
  const kind = ctx.server.kind;
  if (kind === 'relay' || kind === 'ywebsocket') {
    return [{ server: ctx.server.name, workload: 'c cold load', step: `${Math.round(ctx.bigDoc.byteLength / 1024)}KB`, note: 'n/a (no persistence)' }];
  }
  const names = Array.from({ length: firstJoiners }, (_, i) => `bench_cold${i}`);
  await preloadDocs(ctx.dbUrl, kind, [...names, 'bench_cold12x'], ctx.bigDoc);
  const fleet = new Fleet(ctx);
  try {
    await fleet.addRooms('bench_active', 0, 1, 8, 8);
    const stop = fleet.startLoad({ charsPerSec: TYPING_RATE, awarenessHz: 0, maxMs: 120_000 });
    await sleep(1000);
    const firsts: number[] = [];
    let twelve: number[] = [];
    const holders: RawClient[] = [];
    const r = await fleet.window(0, stop, async () => {
      for (const name of names) {
        const { ms, client } = await join(fleet, { name, clients: new Set() });
        firsts.push(ms);
        await client.close();
        client.destroy();
        await sleep(300);
      }
      const room: Room = { name: 'bench_cold12x', clients: new Set() };
      const t = performance.now();
      const clients = Array.from({ length: 12 }, () => fleet.newClient(room));
      holders.push(...clients);
      await Promise.all(
        clients.map(async (c) => {
          await c.connect();
          await c.synced();
        }),
      );
      twelve = clients.map((c) => c.syncedAt - t);
      await sleep(500);
    });
    for (const c of holders) c.destroy();
    const doc = `${Math.round(ctx.bigDoc.byteLength / 1024)}KB`;
    return [
      {
        server: ctx.server.name,
        workload: 'c cold load',
        step: doc,
        ...r,
        note:
          `first joiner median ${median(firsts).toFixed(1)} ms (max ${Math.max(...firsts).toFixed(1)}, n=${firsts.length}); ` +
          `12 joiners: all synced ${Math.max(...twelve).toFixed(1)} ms, median ${median(twelve).toFixed(1)} ms; latency columns = active room`,
      },
    ];
  } finally {
    await fleet.closeAll();
  }
}

/** (d) Idle rooms holding the 340 KB document: memory per room, then back to baseline. */
export async function memory(ctx: Ctx, levels: number[]): Promise<Row[]> {
  const { server } = ctx;
  const kind = server.kind;
  const max = Math.max(...levels);
  const names = Array.from({ length: max }, (_, i) => `bench_m${String(i).padStart(4, '0')}`);
  if (kind === 'samraad' || kind === 'hocuspocus') await preloadDocs(ctx.dbUrl, kind, names, ctx.bigDoc);
  const rows: Row[] = [];
  const fleet = new Fleet(ctx);
  const base = await server.stats({ gc: true });
  const encoded = ctx.bigDoc.byteLength;
  let have = 0;
  try {
    for (const level of levels) {
      ctx.log(`  memory: ${level} idle rooms`);
      const t = performance.now();
      const fresh: RawClient[] = [];
      for (let i = have; i < level; i++) {
        const room: Room = { name: names[i]!, clients: new Set() };
        const c = fleet.newClient(room);
        if (kind === 'ywebsocket') c.push = ctx.bigDoc; // no storage: the client brings the document
        fresh.push(c);
        fleet.clients.push(c);
      }
      await pool(fresh, 16, async (c) => {
        await c.connect(120_000);
        if (kind !== 'relay') await c.synced(120_000);
      });
      have = level;
      const loadSec = (performance.now() - t) / 1000;
      await sleep(1500);
      const s = await server.stats({ gc: true });
      // Heap and Buffers together: a server may hold a document as bytes outside the V8 heap.
      const heapPerRoom = (s.heapUsed + s.external - base.heapUsed - base.external) / level;
      rows.push({
        server: server.name,
        workload: 'd memory',
        step: `${level} rooms`,
        rssMB: s.rss / 1e6,
        heapMB: s.heapUsed / 1e6,
        note:
          `per room: rss ${((s.rss - base.rss) / level / 1e6).toFixed(2)} MB, heap+buffers ${(heapPerRoom / 1e6).toFixed(2)} MB ` +
          `= ${(heapPerRoom / encoded).toFixed(1)}x encoded; loaded in ${loadSec.toFixed(1)} s`,
      });
    }
    await fleet.closeAll();
    await sleep(kind === 'hocuspocus' ? 8000 : 5000); // let rooms unload (hocuspocus stores on unload)
    const after = await server.stats({ gc: true });
    rows.push({
      server: server.name,
      workload: 'd memory',
      step: 'after leave',
      rssMB: after.rss / 1e6,
      heapMB: after.heapUsed / 1e6,
      note:
        `heap+buffers ${((after.heapUsed + after.external - base.heapUsed - base.external) / 1e6).toFixed(1)} MB above baseline ` +
        `${((base.heapUsed + base.external) / 1e6).toFixed(1)} MB` +
        (kind === 'ywebsocket' ? ' (never unloads without persistence)' : ''),
    });
  } finally {
    await fleet.closeAll();
  }
  return rows;
}

/** (e) N clients connected; the server restarts; all reconnect at once. */
export async function reconnectStorm(ctx: Ctx, clientsTotal: number): Promise<Row[]> {
  const { server } = ctx;
  const rooms = Math.ceil(clientsTotal / 8);
  const fleet = new Fleet(ctx);
  try {
    ctx.log(`  storm: ${rooms * 8} clients in ${rooms} rooms, restart`);
    await fleet.addRooms('bench_s', 0, rooms, 8, 1);
    const rnd = prng(7);
    for (let k = 0; k < 20; k++) {
      for (const w of fleet.writers) w.type(rnd);
      await sleep(10);
    }
    await sleep(1000);
    const port = server.port;
    await server.stop();
    await sleep(300);
    await server.start(port);
    const ready = await server.stats(); // CPU spent starting (module loading, migrations check) is not the storm's
    const t0 = performance.now();
    let retries = 0;
    const times = await Promise.all(
      fleet.clients.map(async (c) => {
        for (let attempt = 0; ; attempt++) {
          try {
            await c.connect(30_000);
            if (server.kind !== 'relay') await c.synced(30_000);
            return (server.kind === 'relay' ? performance.now() : c.syncedAt) - t0;
          } catch (err) {
            c.terminate();
            if (attempt >= 5) throw err;
            retries++;
            await sleep(100 + Math.random() * 400 * (attempt + 1)); // provider-like backoff
          }
        }
      }),
    );
    const total = performance.now() - t0;
    const s = await server.stats();
    const h = Histogram.of(times);
    return [
      {
        server: server.name,
        workload: 'e storm',
        step: `${fleet.clients.length} clients`,
        p50: h.percentile(50),
        p95: h.percentile(95),
        p99: h.percentile(99),
        max: h.max,
        rssMB: s.rss / 1e6,
        heapMB: s.heapUsed / 1e6,
        note:
          `all ${server.kind === 'relay' ? 'open' : 'synced'} after ${total.toFixed(0)} ms; ${retries} retries; ` +
          `server cpu ${((s.cpuMs - ready.cpuMs) / 1000).toFixed(2)} s for the storm = ${((s.cpuMs - ready.cpuMs) / fleet.clients.length).toFixed(2)} ms ` +
          `per connection (${(ready.cpuMs / 1000).toFixed(2)} s to start)`,
      },
    ];
  } finally {
    await fleet.closeAll();
  }
}
