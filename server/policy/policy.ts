/**
 * The one place that decides access (docs/SPEC.md, A1-A4). HTTP routes,
 * socket.io handlers and the collaboration server all ask `can()`; none of
 * them inspects roles on its own.
 */
import type { Role, Sector } from '../../shared/domain.js';

export interface ActorMembership {
  forumId: string;
  sector: Sector;
  role: Role;
}

/** Who is asking, as loaded fresh from the database for each connection or request. */
export interface Actor {
  userId: string;
  name: string;
  municipalityId: string;
  memberships: ReadonlyMap<string, ActorMembership>;
}

export type Action =
  | 'document:read'
  | 'document:write'
  | 'meeting:join'
  | 'meeting:setCurrentItem';

/** Everything a decision may look at about the thing being accessed. */
export interface Resource {
  forumId: string;
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  const membership = actor.memberships.get(resource.forumId);
  if (!membership) return false; // A1: access only through forum membership
  switch (action) {
    case 'document:read':
    case 'meeting:join':
      return true;
    case 'document:write':
      return membership.role !== 'GUEST'; // A2: guests read only
    case 'meeting:setCurrentItem':
      return membership.role === 'CHAIR'; // A3: only the chair moves the meeting
  }
}
