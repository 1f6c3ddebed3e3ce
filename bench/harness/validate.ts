/**
 * Before measuring: real clients edit concurrently and must converge, and a
 * late joiner must get the same document. WebsocketProvider (y-websocket)
 * for the servers that speak plain y-websocket; for Hocuspocus, whose
 * protocol is prefixed with the document name, the harness's own client in
 * full-sync mode (applies what it receives).
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { RawClient, prng, type Room } from './client.js';
import { sleep, type Ctx } from './fleet.js';
import { Tracker } from './tracker.js';

interface Replica {
  doc: Y.Doc;
  destroy(): void;
}

function providerReplica(ctx: Ctx, room: string, instance = 0): Replica {
  // Two-instance run: replicas alternate between the instances (cross-instance convergence).
  const servers = ctx.servers ?? [ctx.server];
  const server = servers[instance % servers.length]!;
  const base = server.kind === 'samraad' ? `ws://127.0.0.1:${server.port}/collab` : `ws://127.0.0.1:${server.port}`;
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(base, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: server.kind === 'samraad' ? { token: ctx.token() } : {},
    disableBc: true,
  });
  return {
    doc,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

async function rawReplica(ctx: Ctx, room: Room): Promise<Replica> {
  const c = new RawClient({ url: ctx.server.url(room.name, ctx.token()), dialect: ctx.server.dialect, room, tracker: new Tracker(), apply: true });
  await c.connect();
  return { doc: c.doc, destroy: () => c.destroy() };
}

const fingerprint = (d: Y.Doc) => `${d.getText('content').toString()}|${Buffer.from(Y.encodeStateVector(d)).toString('hex')}`;

async function converged(replicas: Replica[], timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const f = replicas.map((r) => fingerprint(r.doc));
    if (f.every((x) => x === f[0])) return true;
    await sleep(100);
  }
  return false;
}

/** Returns null when every room converged, else what went wrong. */
export async function validate(ctx: Ctx, names = ['bench_val0001', 'bench_val0002']): Promise<string | null> {
  const raw = ctx.server.kind === 'hocuspocus';
  const rnd = prng(99);
  const all: Replica[] = [];
  try {
    for (const name of names) {
      const room: Room = { name, clients: new Set() };
      let made = 0;
      const make = () => (raw ? rawReplica(ctx, room) : Promise.resolve(providerReplica(ctx, name, made++)));
      const replicas: Replica[] = [];
      for (let i = 0; i < 3; i++) replicas.push(await make());
      all.push(...replicas);
      await sleep(700);
      for (let k = 0; k < 30; k++) {
        for (const r of replicas) {
          const t = r.doc.getText('content');
          if (t.length > 3 && rnd() < 0.2) t.delete(Math.floor(rnd() * (t.length - 1)), 1);
          else t.insert(Math.floor(rnd() * (t.length + 1)), String.fromCharCode(97 + Math.floor(rnd() * 26)));
        }
        await sleep(5);
      }
      if (!(await converged(replicas, 15_000))) return `${name}: the 3 editors did not converge`;
      const late = await make();
      all.push(late);
      if (!(await converged([...replicas, late], 15_000))) return `${name}: the late joiner did not converge`;
      if (late.doc.getText('content').length === 0) return `${name}: empty document`;
    }
    return null;
  } finally {
    for (const r of all) r.destroy();
  }
}
