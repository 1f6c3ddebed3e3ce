/**
 * The harness's own reader of server-to-client websocket frames (RFC 6455,
 * 5.2): unmasked, binary, ping and close. `ws` opens every connection and
 * sends; receiving tens of thousands of small frames a second through its
 * stream-based Receiver cost the harness about a third of its core, time that
 * on a 2-core machine is taken from the servers it measures. This reader does
 * the same job on the socket's chunks with no stream in between, and hands
 * every control frame back to `ws` (pong, close). Keystrokes, made ahead,
 * are sent as finished frames (`clientFrame`) straight to the socket; ws
 * writes its own frames synchronously too, so the order on the wire holds.
 */
import type { Socket } from 'node:net';
import type WebSocket from 'ws';

const OP_CONTINUATION = 0x0;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;

/**
 * A client-to-server binary frame with an all-zero mask (RFC 6455 allows any
 * mask, and XOR with zero leaves the payload as it is), ready to write.
 */
export function clientFrame(message: Uint8Array): Buffer {
  const n = message.byteLength;
  const header = n < 126 ? 6 : n < 65_536 ? 8 : 14;
  const frame = Buffer.alloc(header + n); // zeroed: the mask bytes stay 0
  frame[0] = 0x82;
  if (n < 126) frame[1] = 0x80 | n;
  else if (n < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  frame.set(message, header);
  return frame;
}

/** The TCP socket under an open `ws` client (writes to it bypass ws's Sender; see clientFrame). */
export function socketOf(ws: WebSocket): Socket {
  return (ws as unknown as { _socket: Socket })._socket;
}

/** Parses whole frames out of a byte stream; `onMessage` gets each complete binary message. */
export class FrameReader {
  private buffered: Buffer | null = null;
  /** Chunks of a frame too big for what has arrived, joined once it is complete. */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private waitingFor = 0;
  private fragments: Buffer[] = [];
  private fragmentOpcode = -1;

  constructor(
    private readonly onMessage: (data: Uint8Array) => void,
    private readonly onControl: (opcode: number, payload: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.waitingFor) {
      // A big frame (a full sync) arriving in many chunks: collect, don't re-concatenate each time.
      this.waiting.push(chunk);
      this.waitingBytes += chunk.byteLength;
      if (this.waitingBytes < this.waitingFor) return;
      chunk = Buffer.concat(this.waiting, this.waitingBytes);
      this.waiting = [];
      this.waitingBytes = this.waitingFor = 0;
    }
    let data = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = null;
    let at = 0;
    while (data.length - at >= 2) {
      const b0 = data[at]!;
      const b1 = data[at + 1]!;
      if (b1 & 0x80) throw new Error('a server sent a masked frame');
      let len = b1 & 0x7f;
      let header = 2;
      if (len === 126) {
        if (data.length - at < 4) break;
        len = data.readUInt16BE(at + 2);
        header = 4;
      } else if (len === 127) {
        if (data.length - at < 10) break;
        len = Number(data.readBigUInt64BE(at + 2));
        header = 10;
      }
      if (data.length - at < header + len) {
        this.waitingFor = header + len; // bytes of this frame, counted from its start
        break;
      }
      const payload = data.subarray(at + header, at + header + len);
      at += header + len;
      this.frame((b0 & 0x80) !== 0, b0 & 0x0f, payload);
    }
    if (at < data.length) {
      // Keep the partial frame (copied out of a chunk that may be large); if its size is known, wait for all of it.
      const rest = Buffer.from(data.subarray(at));
      if (this.waitingFor) {
        this.waiting = [rest];
        this.waitingBytes = rest.byteLength;
      } else this.buffered = rest;
    }
  }

  private frame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode >= 0x8) {
      this.onControl(opcode, payload);
      return;
    }
    if (opcode !== OP_CONTINUATION) {
      this.fragmentOpcode = opcode;
      this.fragments = [];
    }
    if (!fin) {
      this.fragments.push(Buffer.from(payload));
      return;
    }
    const whole = this.fragments.length ? Buffer.concat([...this.fragments, payload]) : payload;
    this.fragments = [];
    if (this.fragmentOpcode === OP_BINARY) this.onMessage(whole);
  }
}

/**
 * Takes the receiving side of an open `ws` client over: its socket's chunks go
 * to a FrameReader instead of ws's Receiver. Call it in the 'open' handler,
 * before any frame after the handshake has been read.
 */
export function takeOverReceiving(ws: WebSocket, onMessage: (data: Uint8Array) => void): void {
  const socket = socketOf(ws);
  const wsData = socket.listeners('data').find((l) => l.name === 'socketOnData');
  if (!wsData) throw new Error('ws internals changed: no socketOnData listener');
  socket.removeListener('data', wsData as (chunk: Buffer) => void);
  const reader = new FrameReader(onMessage, (opcode, payload) => {
    if (opcode === OP_PING) ws.pong(payload);
    else if (opcode === OP_CLOSE) ws.terminate(); // ws then emits 'close' as usual
  });
  socket.on('data', (chunk: Buffer) => {
    try {
      reader.push(chunk);
    } catch {
      ws.terminate();
    }
  });
}
