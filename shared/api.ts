/** Response shapes of the HTTP API, shared so the browser never guesses them. */
import type { ForumType, Role, Sector } from './domain.js';

export interface Membership {
  forumId: string;
  forumName: string;
  forumType: ForumType;
  sector: Sector;
  role: Role;
}

export interface MeResponse {
  id: string;
  name: string;
  email: string;
  municipality: string;
  memberships: Membership[];
}

export interface DocumentSummary {
  id: string;
  title: string;
  docName: string;
  forum: { id: string; name: string; type: ForumType };
  /** False for GUEST members: the server drops their edits. */
  canWrite: boolean;
}

/** Every error body has this shape; `error` is a stable machine code, never user data. */
export interface ApiError {
  error: string;
  message?: string;
}
