/**
 * The y-websocket wire protocol (docs/SPEC.md, P1-P6): one message per frame,
 * a varuint message type first.
 *   0 sync:      0 step 1 (state vector) | 1 step 2 (update) | 2 update
 *   1 awareness: an awareness update
 *   3 query awareness: asks for every awareness state
 * Decoding throws MalformedMessage on anything it cannot read completely.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const;

export class MalformedMessage extends Error {
  override name = 'MalformedMessage';
}

export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' };

export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    switch (type) {
      case MessageType.Sync: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SyncStep.Step1) message = { kind: 'syncStep1', stateVector: payload };
        else if (step === SyncStep.Step2 || step === SyncStep.Update) message = { kind: 'update', update: payload };
        else throw new MalformedMessage(`unknown sync step ${step}`);
        break;
      }
      case MessageType.Awareness:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MessageType.QueryAwareness:
        message = { kind: 'queryAwareness' };
        break;
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
    return message;
  } catch (err) {
    if (err instanceof MalformedMessage) throw err;
    throw new MalformedMessage('truncated or unreadable message');
  }
}

/** An update that carries no structs and no deletions (what an in-sync step 2 sends). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncStep.Step1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** Step 2 for a client that already has everything. */
export const EMPTY_SYNC_STEP2 = encodeSyncStep2FromUpdate(new Uint8Array([0, 0]));

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A state vector of a client that has nothing yet (a first sync). */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** Sync step 2 carrying a ready-made update (e.g. the whole document). */
export function encodeSyncStep2FromUpdate(update: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncStep.Step2);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  let diff: Uint8Array;
  try {
    diff = Y.encodeStateAsUpdate(doc, stateVector);
  } catch {
    throw new MalformedMessage('invalid state vector');
  }
  return frame(MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncStep.Step2);
    encoding.writeVarUint8Array(e, diff);
  });
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, (e) => {
    encoding.writeVarUint(e, SyncStep.Update);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update));
}
