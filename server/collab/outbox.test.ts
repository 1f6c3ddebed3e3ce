/**
 * The outbox (P6, P7): frames queued in one event-loop turn leave in one
 * socket write, whole and in order, and nothing is written to a socket that
 * is gone. The sockets are real: a ws server's side of a loopback connection,
 * read by a stock ws client.
 */
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { enqueue, flush, syncUpdateFrame, wireFrame, type OutboxTarget } from './outbox.js';
import { encodeUpdate } from './protocol.js';

const servers: WebSocketServer[] = [];
const clients: WebSocket[] = [];

/** The server side's TCP socket of a fresh ws connection, what its client receives, and how many writes it took. */
async function socketPair(): Promise<{ out: Socket; received: Uint8Array[]; writes: () => number }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { perMessageDeflate: false });
  clients.push(client);
  const received: Uint8Array[] = [];
  client.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  await new Promise((r) => client.once('open', r));
  const out = ((await accepted) as unknown as { _socket: Socket })._socket;
  let writes = 0;
  const write = out.write.bind(out);
  out.write = ((chunk: Buffer) => {
    writes++;
    return write(chunk);
  }) as typeof out.write;
  return { out, received, writes: () => writes };
}

function target(socket: Socket | null): OutboxTarget {
  return { pending: [], pendingBytes: 0, socket: () => socket };
}

const turn = () => new Promise((r) => setImmediate(r));
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
  for (const s of servers.splice(0)) s.close();
});

describe('outbox', () => {
  it('[P7] frames of one turn go out in one write, as separate messages in order', async () => {
    const { out, received, writes } = await socketPair();
    const t = target(out);
    const messages = [new Uint8Array([0, 2, 1]), new Uint8Array(200).fill(7), new Uint8Array(70_000).fill(9)];
    for (const m of messages) enqueue(t, wireFrame(m));
    expect(writes()).toBe(0); // nothing before the end of the turn
    await turn();
    expect(writes()).toBe(1);
    await until(() => received.length === 3);
    expect(received.map((r) => Buffer.from(r).equals(Buffer.from(messages[received.indexOf(r)]!)))).toEqual([true, true, true]);
    expect(received.map((r) => r.byteLength)).toEqual([3, 200, 70_000]);
  });

  it('[P7] one frame shared by several connections reaches each of them', async () => {
    const a = await socketPair();
    const b = await socketPair();
    const frame = wireFrame(new Uint8Array([0, 2, 42]));
    const ta = target(a.out);
    const tb = target(b.out);
    enqueue(ta, frame);
    enqueue(tb, frame);
    await turn();
    await until(() => a.received.length === 1 && b.received.length === 1);
    expect([...a.received[0]!]).toEqual([0, 2, 42]);
    expect([...b.received[0]!]).toEqual([0, 2, 42]);
  });

  it('[P7] flush writes at once (before a close frame); a gone socket drops the queue', async () => {
    const { out, received, writes } = await socketPair();
    const t = target(out);
    enqueue(t, wireFrame(new Uint8Array([1])));
    flush(t);
    expect(writes()).toBe(1);
    expect(t.pending).toEqual([]);
    await until(() => received.length === 1);
    const gone = target(null);
    enqueue(gone, wireFrame(new Uint8Array([2])));
    await turn();
    expect(gone.pending).toEqual([]);
    expect(gone.pendingBytes).toBe(0);
  });

  it('frames carry the 2-, 4- and 10-byte length headers of RFC 6455', () => {
    expect([...wireFrame(new Uint8Array(125)).subarray(0, 2)]).toEqual([0x82, 125]);
    expect([...wireFrame(new Uint8Array(126)).subarray(0, 4)]).toEqual([0x82, 126, 0, 126]);
    const big = wireFrame(new Uint8Array(65_536));
    expect([...big.subarray(0, 10)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(big.byteLength).toBe(65_546);
  });

  it('[P6] a sync update frame is the frame of the y-protocols update message, at every length boundary', () => {
    for (const n of [0, 1, 120, 127, 128, 16_383, 16_384, 65_535, 70_000]) {
      const update = new Uint8Array(n).map((_, i) => i % 251);
      expect(syncUpdateFrame(update).equals(wireFrame(encodeUpdate(update)))).toBe(true);
    }
  });
});
