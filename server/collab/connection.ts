/**
 * One client socket on a collaboration document. Sends are bounded: a client
 * that stops reading is closed (SLOW_CONSUMER) rather than buffered forever.
 */
import type { WebSocket } from 'ws';
import { LIMITS } from '../../shared/limits.js';
import type { AwarenessUser } from '../../shared/protocol.js';
import { CloseCode } from '../../shared/protocol.js';
import type { AwarenessOwner } from './awareness.js';

export interface ConnectionIdentity {
  forumId: string;
  sessionId: string;
  userId: string;
  user: AwarenessUser;
  canWrite: boolean;
}

export class CollabConnection implements AwarenessOwner {
  readonly clientIds = new Set<number>();
  readonly user: AwarenessUser;
  readonly sessionId: string;
  readonly userId: string;
  readonly canWrite: boolean;
  readonly forumId: string;
  closed = false;

  constructor(
    readonly ws: WebSocket,
    identity: ConnectionIdentity,
    private readonly onClose: (code: number) => void,
  ) {
    this.user = identity.user;
    this.sessionId = identity.sessionId;
    this.userId = identity.userId;
    this.canWrite = identity.canWrite;
    this.forumId = identity.forumId;
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount + message.byteLength > LIMITS.maxOutboundBufferBytes) {
      this.close(CloseCode.SLOW_CONSUMER, 'slow consumer');
      return;
    }
    this.ws.send(message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(code);
    this.ws.close(code, reason);
    // A client that never answers the close handshake is dropped after a moment.
    const kill = setTimeout(() => this.ws.terminate(), 2000);
    kill.unref();
    this.ws.once('close', () => clearTimeout(kill));
  }
}
