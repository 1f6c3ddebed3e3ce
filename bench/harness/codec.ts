/**
 * Wire framing for the two protocol dialects the servers speak, and a cheap
 * reader that finds an update's identity without decoding it with Yjs.
 *   plain:      y-websocket (relay, @y/websocket-server, Samråd)
 *   hocuspocus: every message is prefixed with the document name, the
 *               client authenticates per document first, and sync step 2
 *               may come as type 4 (SyncReply); type 8 acknowledges writes.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type Dialect = 'plain' | 'hocuspocus';

export type Incoming =
  | { kind: 'step1' }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'other' };

export class Codec {
  constructor(
    readonly dialect: Dialect,
    private readonly docName: string,
  ) {}

  private start(): encoding.Encoder {
    const e = encoding.createEncoder();
    if (this.dialect === 'hocuspocus') encoding.writeVarString(e, this.docName);
    return e;
  }

  /** Messages to send right after open (hocuspocus: auth before anything else). */
  hello(stateVector: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    if (this.dialect === 'hocuspocus') {
      const e = this.start();
      encoding.writeVarUint(e, 2); // Auth
      encoding.writeVarUint(e, 0); // Token
      encoding.writeVarString(e, 'bench');
      out.push(encoding.toUint8Array(e));
    }
    out.push(this.sync(0, stateVector));
    return out;
  }

  sync(step: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
    const e = this.start();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  }

  awareness(update: Uint8Array): Uint8Array {
    const e = this.start();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, update);
    return encoding.toUint8Array(e);
  }

  decode(data: Uint8Array): Incoming {
    const d = decoding.createDecoder(data);
    if (this.dialect === 'hocuspocus') decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === 0 || type === 4) {
      const step = decoding.readVarUint(d);
      if (step === 0) return { kind: 'step1' };
      const update = decoding.readVarUint8Array(d);
      return step === 1 ? { kind: 'step2', update } : { kind: 'update', update };
    }
    if (type === 1) return { kind: 'awareness', update: decoding.readVarUint8Array(d) };
    return { kind: 'other' };
  }
}

/**
 * Keys are numbers, not strings (no allocation per receipt): client * 2^21 +
 * clock. Client ids are uint32, and no bench client reaches clock 2^21, so a
 * key stays below 2^53.
 */
export const CLOCKS = 2 ** 21;

/**
 * The identity of a small update (v1 encoding): the first struct's
 * client:clock, or for a delete-only update the first deleted id (negative).
 * Each writer edits only its own text, so both are unique per edit.
 */
export function updateKey(update: Uint8Array): number | null {
  const d = decoding.createDecoder(update);
  const groups = decoding.readVarUint(d);
  if (groups > 0) {
    decoding.readVarUint(d); // number of structs
    const client = decoding.readVarUint(d);
    return client * CLOCKS + decoding.readVarUint(d);
  }
  const clients = decoding.readVarUint(d);
  if (clients === 0) return null;
  const client = decoding.readVarUint(d);
  const deletes = decoding.readVarUint(d);
  if (deletes === 0) return null;
  return -(client * CLOCKS + decoding.readVarUint(d)) - 1;
}

/** The identity of an awareness update: its first entry's clientID:clock. */
export function awarenessKey(update: Uint8Array): number | null {
  const d = decoding.createDecoder(update);
  if (decoding.readVarUint(d) === 0) return null;
  const client = decoding.readVarUint(d);
  return client * CLOCKS + decoding.readVarUint(d);
}

/** An awareness update announcing one state, as y-protocols encodes it. */
export function encodeAwarenessState(clientId: number, clock: number, state: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}
