/**
 * Wire contracts shared by server and browser: websocket close codes for the
 * collaboration socket and the typed socket.io event maps. See docs/SPEC.md.
 */
import type { ErrorCode } from './errors.js';
import type { NotificationKind, Role, Sector } from './domain.js';

/** Bumped when a message shape changes incompatibly. */
export const PROTOCOL_VERSION = 1;

/**
 * Close codes sent on /collab/:docName (4000-4999 is the application range).
 * A client may reconnect after any of them except FORBIDDEN and UNAUTHORIZED.
 */
export const CloseCode = {
  /** A message could not be decoded (random bytes, truncated update, unknown type). */
  MALFORMED: 4400,
  /** The session or token behind this socket ended (logout, expiry). */
  UNAUTHORIZED: 4401,
  /** Access to the document was withdrawn while connected. */
  FORBIDDEN: 4403,
  /** The case was closed: the document is read-only from now on; the client reconnects as a reader (CS3). */
  CASE_CLOSED: 4423,
  /** The client fell too far behind and its outbound buffer overflowed. */
  SLOW_CONSUMER: 4408,
  /**
   * An update would have put a CPR number into a case document's free text (LB9): not stored or
   * relayed. The client still holds the change, so reconnecting would send it again: it stops.
   */
  CPR_REFUSED: 4422,
  /** A message or the resulting document exceeded the limits in shared/limits.ts. */
  TOO_LARGE: 4413,
  /** The connection sent updates or awareness faster than LIMITS allow (a flood); it may reconnect. */
  RATE_LIMITED: 4429,
  /** The server could not store an update; the client should reconnect. */
  STORAGE_FAILED: 4500,
  /** The server is shutting down. */
  GOING_AWAY: 1001,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** What the server puts in a client's awareness `user` field. Clients cannot change it. */
export interface AwarenessUser {
  id: string;
  name: string;
  sector: Sector | null;
  colour: string;
}

export interface PresentMember {
  userId: string;
  name: string;
  sector: Sector;
  role: Role;
}

export interface Ack {
  ok: boolean;
  /** With ok false: a code of the shared union (shared/errors.ts). */
  error?: ErrorCode;
}

export interface ServerToClientEvents {
  'meeting:presence': (payload: { forumId: string; present: PresentMember[] }) => void;
  'meeting:state': (payload: MeetingState) => void;
  /** Something about a case changed outside its Yjs document (levels, follow-up, agenda): refetch it. */
  'case:changed': (payload: { caseId: string }) => void;
  'notification': (payload: NotificationPush) => void;
}

export interface ClientToServerEvents {
  /** Joins the forum's meeting room; the answer carries who is present and the running meeting, if any. */
  'meeting:join': (payload: { forumId: string; watch?: boolean }, ack: (res: Ack & { meeting?: MeetingState | null; present?: PresentMember[] }) => void) => void;
  'meeting:leave': (payload: { forumId: string }, ack: (res: Ack) => void) => void;
  /** The chair moves the forum's running meeting to an agenda item (same rules as POST /api/meetings/:id/current). */
  'meeting:setCurrentItem': (payload: { forumId: string; itemId: string | null }, ack: (res: Ack) => void) => void;
}

/** The live state of a forum's running (or last) meeting, pushed on every change. */
export interface MeetingState {
  forumId: string;
  meetingId: string;
  status: 'PLANNED' | 'RUNNING' | 'CLOSED';
  currentItemId: string | null;
  currentItemStartedAt: string | null;
  /** Server clock, so clients can compute time left without trusting their own clock. */
  serverNow: string;
}

/** A reminder pushed to one user. References only: no names, no note text. */
export interface NotificationPush {
  id: string;
  kind: NotificationKind;
  /** The case's opaque id (for a link) and its short reference (for the text). */
  caseId: string;
  caseReference: string;
  dueDate: string;
}
