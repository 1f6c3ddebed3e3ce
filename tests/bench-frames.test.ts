/**
 * The benchmark's own frame reader (bench/harness/frames.ts) must see exactly
 * the messages a server sent, however TCP cuts the stream, or every latency
 * and delivery figure would be wrong.
 */
import { describe, expect, it } from 'vitest';
import { FrameReader } from '../bench/harness/frames.js';
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
      const reader = new FrameReader((m) => got.push(new Uint8Array(m)), (op) => controls.push(op));
      for (const chunk of split(stream, seed)) reader.push(chunk);
      expect(got.map((m) => m.byteLength)).toEqual(messages.map((m) => m.byteLength));
      got.forEach((m, i) => {
        expect(Buffer.from(m).equals(Buffer.from(messages[i]!))).toBe(true);
      });
      expect(controls).toEqual([0x9]);
    }
  });

  it('joins a fragmented message', () => {
    const got: Uint8Array[] = [];
    const reader = new FrameReader((m) => got.push(new Uint8Array(m)), () => {});
    reader.push(Buffer.from([0x02, 0x02, 1, 2, 0x80, 0x01, 3])); // binary without FIN, then a final continuation
    expect(got.map((m) => [...m])).toEqual([[1, 2, 3]]);
  });
});
