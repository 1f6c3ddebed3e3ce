/**
 * The benchmark's own frame reader (bench/harness/wire.ts) must see exactly
 * the messages a server sent, however TCP cuts the stream, or every latency
 * and delivery figure would be wrong. It reads in place from a buffer that is
 * reused after every chunk, so the test reuses its chunk buffers too.
 */
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { MSG_UPDATE, read, readMessage, updateKeyAt } from '../bench/harness/client.js';
import { Codec, updateKey } from '../bench/harness/codec.js';
import { FrameReader, WireSocket, clientFrame } from '../bench/harness/wire.js';
import { wireFrame } from '../server/collab/outbox.js';

function split(stream: Buffer, seed: number): Buffer[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: Buffer[] = [];
  for (let at = 0; at < stream.length; ) {
    const n = 1 + Math.floor(rnd() * (rnd() < 0.2 ? 70_000 : 40));
    out.push(stream.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('bench frame reader', () => {
  it('reads back every message of a stream cut at random places, small, 16-bit and 64-bit lengths alike', () => {
    const messages = [3, 125, 126, 300, 65_535, 65_536, 353_000, 1, 0, 2000].map((n, i) => new Uint8Array(n).fill(i + 1));
    const ping = Buffer.from([0x89, 0x02, 0x0a, 0x0b]);
    const stream = Buffer.concat([...messages.slice(0, 5).map(wireFrame), ping, ...messages.slice(5).map(wireFrame)]);
    for (const seed of [1, 2, 3, 4, 5]) {
      const got: Uint8Array[] = [];
      const controls: number[] = [];
      const reader = new FrameReader((m, from, to) => got.push(new Uint8Array(m.subarray(from, to))), (op) => controls.push(op));
      // Like the harness's sockets: every chunk arrives in the same buffer, overwritten by the next one.
      const shared = Buffer.alloc(70_000);
      for (const chunk of split(stream, seed)) {
        chunk.copy(shared, 0);
        reader.push(shared, 0, chunk.length);
        shared.fill(0xee);
      }
      expect(got.map((m) => m.byteLength)).toEqual(messages.map((m) => m.byteLength));
      got.forEach((m, i) => {
        expect(Buffer.from(m).equals(Buffer.from(messages[i]!))).toBe(true);
      });
      expect(controls).toEqual([0x9]);
    }
  });

  it('joins a fragmented message', () => {
    const got: Uint8Array[] = [];
    const reader = new FrameReader((m, from, to) => got.push(new Uint8Array(m.subarray(from, to))), () => {});
    reader.push(Buffer.from([0x02, 0x02, 1, 2, 0x80, 0x01, 3])); // binary without FIN, then a final continuation
    expect(got.map((m) => [...m])).toEqual([[1, 2, 3]]);
  });
});

describe('bench wire client', () => {
  it('reads an update key in place exactly as the decoding codec does, for inserts and deletes, both dialects', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 300; i++) text.insert(Math.floor(i / 2), 'x');
    for (let i = 0; i < 20; i++) text.delete(i * 3, 1);
    for (const dialect of ['plain', 'hocuspocus'] as const) {
      const codec = new Codec(dialect, 'bench_t0001');
      for (const u of updates) {
        const message = Buffer.from(codec.sync(2, u));
        const framed = Buffer.concat([Buffer.from([9, 9, 9]), message, Buffer.from([7])]); // read in place, inside a bigger buffer
        expect(readMessage(framed, 3, 3 + message.length, dialect === 'hocuspocus')).toBe(MSG_UPDATE);
        expect(updateKeyAt(framed, read.from)).toBe(updateKey(u));
      }
    }
  });

  it('upgrades, receives small and large messages, answers a ping and closes cleanly against a ws server', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    const sent = [5, 200, 70_000, 353_000].map((n, i) => Buffer.alloc(n, i + 1));
    const echoed: Buffer[] = [];
    let pong = false;
    server.on('connection', (ws) => {
      ws.on('pong', () => (pong = true));
      ws.on('message', (m: Buffer) => echoed.push(m));
      ws.ping();
      for (const m of sent) ws.send(m);
    });
    const got: Buffer[] = [];
    let closed = false;
    const wire = await WireSocket.connect(`ws://127.0.0.1:${port}/room?token=x`, {
      onMessage: (d, from, to) => got.push(Buffer.from(d.subarray(from, to))),
      onClose: () => (closed = true),
    });
    wire.send(clientFrame(Buffer.from('hello')));
    for (let i = 0; i < 100 && (got.length < sent.length || !pong || !echoed.length); i++) await new Promise((r) => setTimeout(r, 20));
    expect(got.map((m) => m.length)).toEqual(sent.map((m) => m.length));
    got.forEach((m, i) => {
      expect(m.equals(sent[i]!)).toBe(true);
    });
    expect(pong).toBe(true);
    expect(echoed.map(String)).toEqual(['hello']);
    await wire.close();
    expect(closed).toBe(true);
    server.close();
  });
});
