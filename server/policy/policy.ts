/**
 * The one place that decides access (docs/SPEC.md, A1-A6). HTTP routes,
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
  | 'case:read'
  | 'case:create'
  | 'meeting:join'
  | 'meeting:read'
  | 'meeting:manage'
  | 'meeting:setCurrentItem'
  | 'keyfigures:read';

/** Everything a decision may look at about the thing being accessed. */
export interface Resource {
  forumId: string;
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  const membership = actor.memberships.get(resource.forumId);
  if (!membership) return false; // A1: access only through forum membership
  switch (action) {
    case 'document:read':
    case 'case:read':
    case 'meeting:join':
    case 'meeting:read':
      return true;
    case 'document:write':
    case 'case:create':
      return membership.role !== 'GUEST'; // A2: guests read only
    case 'meeting:manage':
    case 'meeting:setCurrentItem':
    case 'keyfigures:read':
      return membership.role === 'CHAIR'; // A3: the chair runs the meeting
  }
}

/** The forum ids where the actor may do `action` (for list queries). */
export function forumsWhere(actor: Actor, action: Action): string[] {
  return [...actor.memberships.keys()].filter((forumId) => can(actor, action, { forumId }));
}
