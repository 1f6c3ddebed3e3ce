/** The socket.io connection for meeting presence and the current agenda item. */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol.js';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Connects to the same origin; the session cookie authenticates the socket.
 * - `transports: ['websocket']`: the server accepts no long-polling (docs/SPEC.md M1).
 * - `forceNew`: socket.io otherwise hands back the same cached socket to the next
 *   caller, so a component that disconnects on unmount would break its successor.
 */
export function createRealtime(): RealtimeSocket {
  return io({ withCredentials: true, forceNew: true, transports: ['websocket'] });
}

/** A `connect_error` the server sends on purpose; socket.io does not retry after those. */
export type RefusalReason = 'unauthorized' | 'forbidden';
export function refusalReason(err: Error): RefusalReason | null {
  return err.message === 'unauthorized' || err.message === 'forbidden' ? err.message : null;
}
