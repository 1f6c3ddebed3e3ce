/**
 * Yjs updates written byte by byte, for the update guard's tests (docs/SPEC.md,
 * P8-P9): an attacker crafts structs, not just sizes, so these builders can
 * write what Yjs itself never would (clock gaps, self-references, huge
 * lengths, deep values, skips).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export type StructWriter = (e: Y.UpdateEncoderV1) => void;

/** Writes an update from sections of [client, first clock, structs] and delete ranges [client, clock, len]. */
export function craft(sections: Array<{ client: number; clock: number; structs: StructWriter[] }>, ds: Array<[number, number, number]> = []): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, sections.length);
  for (const s of sections) {
    encoding.writeVarUint(e.restEncoder, s.structs.length);
    e.writeClient(s.client);
    encoding.writeVarUint(e.restEncoder, s.clock);
    for (const write of s.structs) write(e);
  }
  const byClient = new Map<number, Array<[number, number]>>();
  for (const [client, clock, len] of ds) {
    const ranges = byClient.get(client) ?? [];
    ranges.push([clock, len]);
    byClient.set(client, ranges);
  }
  encoding.writeVarUint(e.restEncoder, byClient.size);
  for (const [client, ranges] of byClient) {
    e.resetDsCurVal();
    encoding.writeVarUint(e.restEncoder, client);
    encoding.writeVarUint(e.restEncoder, ranges.length);
    for (const [clock, len] of ranges) {
      e.writeDsClock(clock);
      e.writeDsLen(len);
    }
  }
  return e.toUint8Array();
}

/** A garbage-collected range of `len` clocks. */
export const gc = (len: number): StructWriter => (e) => {
  e.writeInfo(0);
  e.writeLen(len);
};

/** A Skip struct: a hole Yjs only writes inside merged updates. */
export const skip = (len: number): StructWriter => (e) => {
  e.writeInfo(10);
  encoding.writeVarUint(e.restEncoder, len);
};

/** A string item after `origin` (in a root text "t" when there is none). */
export const text = (s: string, origin: [number, number] | null): StructWriter => (e) => {
  e.writeInfo(4 | (origin ? 0x80 : 0)); // ContentString
  if (origin) e.writeLeftID(Y.createID(origin[0], origin[1]));
  else {
    e.writeParentInfo(true);
    e.writeString('t');
  }
  e.writeString(s);
};

/** A ContentAny item holding `value` in a root "a". */
export const any = (value: unknown): StructWriter => (e) => {
  e.writeInfo(8);
  e.writeParentInfo(true);
  e.writeString('a');
  encoding.writeVarUint(e.restEncoder, 1);
  e.writeAny(value as never);
};

/** `clients` clients with one 1-long GC struct each, all after a clock gap: every one stays pending in Yjs (the probe's 280 KB update at 40 000). */
export function pendingFlood(clients: number, firstClient: number): Uint8Array {
  return craft(Array.from({ length: clients }, (_, i) => ({ client: firstClient + i, clock: 5, structs: [gc(1)] })));
}

/** About 990 KB of delete ranges for a client nobody has: a pending delete set. */
export function pendingDeletes(): Uint8Array {
  return craft([], Array.from({ length: 90_000 }, (_, i): [number, number, number] => [424242, i * 2, 1]));
}
