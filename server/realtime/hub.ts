/**
 * How server code pushes events to browsers without knowing about socket.io:
 * to one user (all their sockets) or to everyone in a forum's meeting room.
 * Bound to the socket.io server once it is attached.
 */
import type { ServerToClientEvents } from '../../shared/protocol.js';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
interface Emitter {
  to(room: string): { emit(event: string, payload: unknown): void };
}

export const userRoom = (userId: string) => `user:${userId}`;
export const forumRoom = (forumId: string) => `forum:${forumId}`;

export class RealtimeHub {
  private io: Emitter | null = null;

  bind(io: unknown): void {
    this.io = io as Emitter;
  }

  toUser<E extends EventName>(userId: string, event: E, payload: Payload<E>): void {
    this.io?.to(userRoom(userId)).emit(event, payload);
  }

  toForum<E extends EventName>(forumId: string, event: E, payload: Payload<E>): void {
    this.io?.to(forumRoom(forumId)).emit(event, payload);
  }
}
