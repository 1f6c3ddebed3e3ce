/**
 * One client socket on a collaboration document. Sends go through the outbox
 * (one write per connection per event-loop turn) and are bounded: a client
 * that stops reading is closed (SLOW_CONSUMER) rather than buffered forever.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Sector } from '../../shared/domain.js';
import { LIMITS } from '../../shared/limits.js';
import type { AwarenessUser } from '../../shared/protocol.js';
import { CloseCode } from '../../shared/protocol.js';
import type { AwarenessOwner } from './awareness.js';
import { enqueue, flush, wireFrame, type OutboxTarget } from './outbox.js';
import { TokenBucket } from './rate-limit.js';
import { raiseClocks } from './update-guard.mjs';

/** How long a closed client may take to answer the close handshake. */
const CLOSE_GRACE_MS = 2000;
/** The same for a slow consumer, whose close frame sits behind at most LIMITS.maxOutboundBufferBytes. */
const SLOW_CONSUMER_GRACE_MS = 30_000;

export interface ConnectionIdentity {
  forumId: string;
  sessionId: string;
  userId: string;
  /** The user's sector in the document's forum (bound to the client ids they write under, P10). */
  sector: Sector;
  user: AwarenessUser;
  canWrite: boolean;
}

export class CollabConnection implements AwarenessOwner, OutboxTarget {
  readonly clientIds = new Set<number>();
  readonly user: AwarenessUser;
  readonly sessionId: string;
  readonly userId: string;
  readonly sector: Sector;
  readonly canWrite: boolean;
  readonly forumId: string;
  closed = false;
  /** P11: per-connection rates of updates (count and bytes) and awareness messages. */
  readonly updateRate = new TokenBucket(LIMITS.updateRate);
  readonly updateBytes = new TokenBucket(LIMITS.updateBytes);
  readonly awarenessRate = new TokenBucket(LIMITS.awarenessRate);
  /**
   * Clocks this connection's own uncommitted updates reach: its next update
   * may build on them before they are committed (P8). Cleared when none is in flight.
   */
  readonly inflightClocks = new Map<number, number>();
  private inflight = 0;
  /** Updates in a row refused because they miss what they build on (P8); 0 again once one is accepted. */
  missingInARow = 0;
  /** Set once a commit of this connection failed: its later updates are not relayed (they may build on it). */
  commitFailed = false;
  pending: Buffer[] = [];
  pendingBytes = 0;
  /**
   * The TCP socket under `ws`. The outbox writes finished frames to it
   * directly: with permessage-deflate off, ws writes its own frames (pong,
   * close) synchronously too, so the two never interleave inside a frame.
   */
  private readonly tcp: Socket;

  constructor(
    readonly ws: WebSocket,
    identity: ConnectionIdentity,
    private readonly onClose: (code: number) => void,
  ) {
    this.user = identity.user;
    this.sessionId = identity.sessionId;
    this.userId = identity.userId;
    this.sector = identity.sector;
    this.canWrite = identity.canWrite;
    this.forumId = identity.forumId;
    this.tcp = (ws as unknown as { _socket: Socket })._socket;
  }

  /** An update of this connection went to the store; `advances` are the clocks it reaches. */
  track(advances: Map<number, number>): void {
    this.inflight++;
    raiseClocks(this.inflightClocks, advances);
  }

  /** The store answered one of them (the committed state now covers it, or it failed). */
  untrack(): void {
    if (--this.inflight === 0) this.inflightClocks.clear();
  }

  socket(): Socket | null {
    return this.ws.readyState === this.ws.OPEN ? this.tcp : null;
  }

  /** Sends one protocol message to this client. */
  send(message: Uint8Array): void {
    this.sendFrame(wireFrame(message));
  }

  /** Sends a finished frame (from `wireFrame`), e.g. one shared by every recipient of a broadcast. */
  sendFrame(frame: Buffer): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.tcp.writableLength + this.pendingBytes + frame.byteLength > LIMITS.maxOutboundBufferBytes) {
      this.close(CloseCode.SLOW_CONSUMER, 'slow consumer');
      return;
    }
    enqueue(this, frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    const slow = code === CloseCode.SLOW_CONSUMER;
    // What was queued before the close is sent before the close frame; nothing after it. A slow consumer's
    // queue is dropped instead: it re-syncs anyway, and the close frame should not wait behind more megabytes.
    if (slow) {
      this.pending = [];
      this.pendingBytes = 0;
    } else flush(this);
    this.closed = true;
    this.onClose(code);
    this.ws.close(code, reason);
    // A client that never answers the close handshake is dropped after a moment; a slow one gets time to read
    // what is already in its socket and reach the close frame, so it learns why (P5: 4408, not 1006).
    const kill = setTimeout(() => this.ws.terminate(), slow ? SLOW_CONSUMER_GRACE_MS : CLOSE_GRACE_MS);
    kill.unref();
    this.ws.once('close', () => clearTimeout(kill));
  }
}
