/**
 * How server code pushes events to browsers without knowing about socket.io:
 * to one user (all their sockets) or to everyone in a forum's meeting room.
 * Bound to the socket.io server once it is attached.
 *
 * A forum has two rooms (docs/SPEC.md, A4): `forum:<id>` holds every socket
 * that joined the forum, `forum-cases:<id>` only those whose user may read the
 * forum's cases (the policy decides at `meeting:join`). A push that carries
 * anything about a case goes whole to the second room; the others get the
 * version without cases that `WITHOUT_CASES` gives, or nothing.
 */
import type { MeetingState, ServerToClientEvents } from '../../shared/protocol.js';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
interface Target {
  emit(event: string, payload: unknown): void;
  except(room: string): { emit(event: string, payload: unknown): void };
}
interface Emitter {
  to(room: string): Target;
  in(room: string): { socketsLeave(rooms: string | string[]): void };
}

export const userRoom = (userId: string) => `user:${userId}`;
export const forumRoom = (forumId: string) => `forum:${forumId}`;
/** The sockets in a forum whose user may read its cases (A4). */
export const forumCaseRoom = (forumId: string) => `forum-cases:${forumId}`;

/** A4: the running meeting as someone sees it who may not read the forum's cases: no current item. */
export function meetingStateWithoutCases(state: MeetingState): MeetingState {
  return { ...state, currentItemId: null, currentItemStartedAt: null };
}

/**
 * For every event: what a member who may not read the forum's cases receives
 * instead (null: nothing). Typed over all events, so a new event needs a decision.
 */
const WITHOUT_CASES: { [E in EventName]: (payload: Payload<E>) => Payload<E> | null } = {
  'meeting:presence': (p) => p,
  'meeting:state': meetingStateWithoutCases,
  'case:changed': () => null,
  notification: () => null,
};

export class RealtimeHub {
  private io: Emitter | null = null;

  bind(io: unknown): void {
    this.io = io as Emitter;
  }

  /** Personal pushes; the caller has asked the policy about the user (notifications: T3). */
  toUser<E extends EventName>(userId: string, event: E, payload: Payload<E>): void {
    this.io?.to(userRoom(userId)).emit(event, payload);
  }

  /** To everyone in the forum's room, each as the policy lets them see it (A4). */
  toForum<E extends EventName>(forumId: string, event: E, payload: Payload<E>): void {
    if (!this.io) return;
    this.io.to(forumCaseRoom(forumId)).emit(event, payload);
    const reduced = WITHOUT_CASES[event](payload);
    if (reduced !== null) this.io.to(forumRoom(forumId)).except(forumCaseRoom(forumId)).emit(event, reduced);
  }

  /**
   * A11: the user's sockets leave the forum's rooms, on every instance (with
   * the Redis adapter `socketsLeave` reaches the sockets of all instances).
   */
  leaveForum(userId: string, forumId: string): void {
    this.io?.in(userRoom(userId)).socketsLeave([forumRoom(forumId), forumCaseRoom(forumId)]);
  }
}
