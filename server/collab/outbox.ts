/**
 * Outgoing collaboration frames (docs/SPEC.md, P6-P7; decision 0009).
 *
 * A broadcast is framed once, as finished websocket bytes, and the same Buffer
 * is queued on every recipient. Each connection's queue is written at the end
 * of the event-loop turn in ONE socket write, however many frames it holds:
 * on loopback and in containers a send syscall costs more than everything
 * else a relayed keystroke needs, and under load a group commit answers many
 * updates of one room in the same turn, so the busier the server, the more
 * frames share a write. Frames stay whole and in order; a client still
 * receives one websocket message per protocol message.
 */
import type { Socket } from 'node:net';

/** FIN + binary opcode: every collaboration message is one binary frame. */
const FIN_BINARY = 0x82;

/** An unmasked (server to client) binary websocket frame carrying `message` (RFC 6455, 5.2). */
export function wireFrame(message: Uint8Array): Buffer {
  const { frame, at } = frameFor(message.byteLength);
  frame.set(message, at);
  return frame;
}

/**
 * The frame of a y-protocols sync update message (0, 2, length, update),
 * written in one allocation: the hot path of every relayed keystroke.
 */
export function syncUpdateFrame(update: Uint8Array): Buffer {
  const n = update.byteLength;
  let lengthBytes = 1;
  for (let v = n; v > 0x7f; v = Math.floor(v / 128)) lengthBytes++;
  const { frame, at } = frameFor(2 + lengthBytes + n);
  frame[at] = 0; // messageSync
  frame[at + 1] = 2; // messageYjsUpdate
  let i = at + 2;
  let v = n;
  while (v > 0x7f) {
    frame[i++] = 0x80 | (v & 0x7f); // lib0 varuint: 7 bits a byte, low first
    v = Math.floor(v / 128);
  }
  frame[i++] = v;
  frame.set(update, i);
  return frame;
}

/** A frame for an `n`-byte payload with its header written; the payload goes at `at`. */
function frameFor(n: number): { frame: Buffer; at: number } {
  const at = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(at + n);
  frame[0] = FIN_BINARY;
  if (at === 2) frame[1] = n;
  else if (at === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  return { frame, at };
}

/** What the outbox needs from a connection: its queue and where to write it. */
export interface OutboxTarget {
  /** Frames queued this turn, oldest first. */
  pending: Buffer[];
  pendingBytes: number;
  /** The connection's TCP socket, or null once it is gone (the queue is then dropped). */
  socket(): Socket | null;
}

const dirty: OutboxTarget[] = [];
let scheduled = false;

/** Queues `frame` on `target`; everything queued in this turn is written together. */
export function enqueue(target: OutboxTarget, frame: Buffer): void {
  if (target.pending.length === 0) {
    dirty.push(target);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flushAll);
    }
  }
  target.pending.push(frame);
  target.pendingBytes += frame.byteLength;
}

/** Writes one target's queue now (also used before a close frame, so nothing queued comes after it). */
export function flush(target: OutboxTarget): void {
  const frames = target.pending;
  if (frames.length === 0) return;
  const bytes = target.pendingBytes;
  target.pending = [];
  target.pendingBytes = 0;
  const socket = target.socket();
  if (!socket || socket.destroyed || !socket.writable) return;
  socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames, bytes));
}

function flushAll(): void {
  scheduled = false;
  // A write can re-enter (an error handler that closes another connection), so take the list first.
  const targets = dirty.splice(0);
  for (const t of targets) flush(t);
}
