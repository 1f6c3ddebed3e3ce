/**
 * The load clients' websocket: a plain TCP socket with no library and no
 * stream between the harness and the bytes (RFC 6455 client side, binary
 * messages only). On a 2-core machine every microsecond the harness spends
 * per frame is taken from the server it measures, and at 200 rooms x 8
 * writers a client machine receives 56 000 frames a second, so:
 *
 * - reads land in ONE buffer shared by every socket (`net.connect`'s
 *   `onread`: libuv reads straight into it and calls back, no Readable
 *   stream, no chunk allocated per read). Read callbacks run one at a time
 *   and nothing keeps a reference into the buffer after its callback, so one
 *   buffer serves them all; the rest of a frame cut by TCP is copied out;
 * - a message is handed over as (buffer, start, end) and read in place;
 * - sends are finished frames with an all-zero mask (`clientFrame`; RFC 6455
 *   allows any mask and XOR with zero leaves the payload as it is) written
 *   with one `socket.write`.
 *
 * The handshake is the standard upgrade (Sec-WebSocket-Key checked against
 * Sec-WebSocket-Accept); pings are answered, a server's close is answered
 * and the socket ended. Every server in the bench is `ws` underneath and
 * cannot tell this client from any other.
 */
import crypto from 'node:crypto';
import net from 'node:net';

const OP_CONTINUATION = 0x0;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** The read buffer every socket shares (see the header). */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/**
 * A client-to-server frame with an all-zero mask (RFC 6455 allows any
 * mask, and XOR with zero leaves the payload as it is), ready to write.
 */
export function clientFrame(message: Uint8Array, opcode = OP_BINARY): Buffer {
  const n = message.byteLength;
  const header = n < 126 ? 6 : n < 65_536 ? 8 : 14;
  const frame = Buffer.alloc(header + n); // zeroed: the mask bytes stay 0
  frame[0] = 0x80 | opcode;
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

/** Gets each complete binary message as (buffer, start, end); valid only during the call. */
export type OnMessage = (data: Buffer, start: number, end: number) => void;

/**
 * Parses server-to-client frames out of a byte stream. Frames that lie whole
 * in a chunk are handed over in place; a frame cut by TCP is copied and
 * completed with the next chunks.
 */
export class FrameReader {
  /** Bytes of an incomplete frame (copied: the chunk they came in is reused). */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Length of the incomplete frame, header included, once its header is known; 0 before. */
  private partialNeed = 0;
  private fragments: Buffer[] = [];
  private fragmentOpcode = -1;

  constructor(
    private readonly onMessage: OnMessage,
    private readonly onControl: (opcode: number, payload: Buffer) => void,
  ) {}

  push(chunk: Buffer, start = 0, end = chunk.length): void {
    // First complete the frame that TCP cut last time: its header (2, 4 or 10 bytes) first, then its payload.
    while (this.partialBytes > 0) {
      if (!this.partialNeed) {
        const head = this.joined();
        const n = frameLength(head, 0, this.partialBytes);
        if (n) this.partialNeed = n;
        else {
          const headerBytes = this.partialBytes < 2 ? 2 : (head[1]! & 0x7f) === 126 ? 4 : 10;
          const take = Math.min(headerBytes - this.partialBytes, end - start);
          if (take <= 0) return;
          this.keep(chunk, start, take);
          start += take;
          continue;
        }
      }
      const take = Math.min(this.partialNeed - this.partialBytes, end - start);
      if (take > 0) {
        this.keep(chunk, start, take);
        start += take;
      }
      if (this.partialBytes < this.partialNeed) return;
      const whole = this.joined();
      this.partial = [];
      this.partialBytes = this.partialNeed = 0;
      this.frameAt(whole, 0);
    }
    let at = start;
    while (at < end) {
      const n = frameLength(chunk, at, end);
      if (n === 0 || at + n > end) {
        // Cut by TCP: keep the rest (a copy) for the next chunk.
        this.partial = [Buffer.from(chunk.subarray(at, end))];
        this.partialBytes = end - at;
        this.partialNeed = n;
        return;
      }
      this.frameAt(chunk, at);
      at += n;
    }
  }

  /** Copies `n` bytes of `chunk` at `at` into the incomplete frame (the chunk's buffer is reused after this call). */
  private keep(chunk: Buffer, at: number, n: number): void {
    this.partial.push(Buffer.from(chunk.subarray(at, at + n)));
    this.partialBytes += n;
  }

  private joined(): Buffer {
    if (this.partial.length !== 1) this.partial = [Buffer.concat(this.partial, this.partialBytes)];
    return this.partial[0]!;
  }

  /** One whole frame starting at `at` in `data`. */
  private frameAt(data: Buffer, at: number): void {
    const b0 = data[at]!;
    const b1 = data[at + 1]!;
    if (b1 & 0x80) throw new Error('a server sent a masked frame');
    let len = b1 & 0x7f;
    let header = 2;
    if (len === 126) {
      len = data.readUInt16BE(at + 2);
      header = 4;
    } else if (len === 127) {
      len = Number(data.readBigUInt64BE(at + 2));
      header = 10;
    }
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    const from = at + header;
    const to = from + len;
    if (opcode >= 0x8) {
      this.onControl(opcode, data.subarray(from, to));
      return;
    }
    if (opcode !== OP_CONTINUATION) {
      this.fragmentOpcode = opcode;
      this.fragments = [];
    }
    if (!fin) {
      this.fragments.push(Buffer.from(data.subarray(from, to)));
      return;
    }
    if (this.fragments.length) {
      const whole = Buffer.concat([...this.fragments, data.subarray(from, to)]);
      this.fragments = [];
      if (this.fragmentOpcode === OP_BINARY) this.onMessage(whole, 0, whole.length);
      return;
    }
    if (this.fragmentOpcode === OP_BINARY) this.onMessage(data, from, to);
  }
}

/** The whole length (header + payload) of the frame at `at`, or 0 if its header is not all there yet. */
function frameLength(data: Buffer, at: number, end: number): number {
  if (end - at < 2) return 0;
  const len = data[at + 1]! & 0x7f;
  if (len < 126) return 2 + len;
  if (len === 126) return end - at < 4 ? 0 : 4 + data.readUInt16BE(at + 2);
  return end - at < 10 ? 0 : 10 + Number(data.readBigUInt64BE(at + 2));
}

export interface WireHandlers {
  onMessage: OnMessage;
  /** The connection is gone (closed by either side, reset, or failed). */
  onClose(): void;
}

/** One open websocket (see the header). */
export class WireSocket {
  open = true;
  private closing: (() => void) | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly handlers: WireHandlers,
  ) {}

  /** Bytes written and not yet taken by the kernel. */
  get bufferedBytes(): number {
    return this.socket.writableLength;
  }

  /** Opens a websocket to `url` (ws:// only); rejects on a refused upgrade, an error or the timeout. */
  static connect(url: string, handlers: WireHandlers, timeoutMs = 30_000): Promise<WireSocket> {
    const u = new URL(url);
    const key = crypto.randomBytes(16).toString('base64');
    const expect = crypto.createHash('sha1').update(key + GUID).digest('base64');
    return new Promise((resolve, reject) => {
      let wire: WireSocket | null = null;
      let reader: FrameReader | null = null;
      let head = Buffer.alloc(0);
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      const socket = net.connect({
        host: u.hostname,
        port: Number(u.port || 80),
        noDelay: true,
        onread: {
          buffer: READ_BUFFER,
          callback: (n: number, buf: Buffer) => {
            try {
              if (reader) {
                reader.push(buf, 0, n);
                return true;
              }
              // The HTTP answer to the upgrade, then (possibly in the same read) the first frames.
              head = Buffer.concat([head, buf.subarray(0, n)]);
              const endOfHead = head.indexOf('\r\n\r\n');
              if (endOfHead < 0) {
                if (head.length > 16_384) fail(new Error('upgrade answer too long'));
                return true;
              }
              const text = head.subarray(0, endOfHead).toString('latin1');
              const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
              if (status !== '101') {
                fail(new Error(`upgrade refused: ${text.split('\r\n')[0]}`));
                return true;
              }
              const accept = /\r\nsec-websocket-accept:\s*(\S+)/i.exec(text)?.[1];
              if (accept !== expect) {
                fail(new Error('bad Sec-WebSocket-Accept'));
                return true;
              }
              settled = true;
              clearTimeout(timer);
              const w = new WireSocket(socket, handlers);
              wire = w;
              reader = new FrameReader(handlers.onMessage, (opcode, payload) => w.control(opcode, payload));
              resolve(w);
              const rest = head.subarray(endOfHead + 4);
              head = Buffer.alloc(0);
              if (rest.length) reader.push(rest);
            } catch (err) {
              // A broken stream (a bug in a server or here): drop the connection, as a browser would.
              if (process.env.BENCH_DEBUG) console.error(err);
              if (!settled) fail(err as Error);
              else socket.destroy();
            }
            return true;
          },
        },
      });
      const timer = setTimeout(() => fail(new Error('connect timeout')), timeoutMs);
      socket.on('connect', () => {
        socket.write(
          `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
        );
      });
      socket.on('error', (err) => fail(err));
      socket.on('close', () => {
        if (!settled) fail(new Error('closed during the upgrade'));
        if (wire) wire.gone();
      });
    });
  }

  /** Writes a finished frame (from `clientFrame`). */
  send(frame: Buffer): void {
    if (this.open) this.socket.write(frame);
  }

  /** The close handshake: resolves when the server has closed too, or after `graceMs` (then the socket is destroyed). */
  close(code = 1000, graceMs = 2000): Promise<void> {
    if (!this.open) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, graceMs);
      this.closing = () => {
        clearTimeout(t);
        resolve();
      };
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(code);
      this.socket.write(clientFrame(payload, OP_CLOSE));
    });
  }

  /** Drops the connection at once (no close handshake). */
  terminate(): void {
    this.socket.destroy();
  }

  private control(opcode: number, payload: Buffer): void {
    if (opcode === OP_PING) this.socket.write(clientFrame(payload, OP_PONG));
    else if (opcode === OP_CLOSE) {
      // The server closes (or answers our close): echo its code if we did not start, then end the TCP side.
      if (!this.closing) this.socket.write(clientFrame(payload.subarray(0, 2), OP_CLOSE));
      this.socket.end();
    }
  }

  private gone(): void {
    if (!this.open) return;
    this.open = false;
    this.closing?.();
    this.closing = null;
    this.handlers.onClose();
  }
}
