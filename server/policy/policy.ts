/**
 * The one place that decides access (docs/SPEC.md, A1-A9). HTTP routes,
 * socket.io handlers and the collaboration server all ask `can()`; none of
 * them inspects roles on its own.
 */
import type { ForumType, Role, Sector } from '../../shared/domain.js';

export interface ActorMembership {
  forumId: string;
  forumType: ForumType;
  sector: Sector;
  role: Role;
}

export type MunicipalRole = 'ADMIN' | 'MANAGEMENT';

/** Who is asking, as loaded fresh from the database for each connection or request. */
export interface Actor {
  userId: string;
  name: string;
  municipalityId: string;
  municipalRoles: readonly MunicipalRole[];
  memberships: ReadonlyMap<string, ActorMembership>;
}

export type Action =
  | 'document:read'
  | 'document:write'
  | 'case:read'
  | 'case:create'
  | 'case:write'
  | 'case:setBasis'
  | 'case:accessLog'
  | 'case:export'
  | 'case:close'
  | 'meeting:join'
  | 'meeting:read'
  | 'meeting:manage'
  | 'meeting:setCurrentItem'
  | 'keyfigures:read'
  | 'audit:search'
  | 'admin:manage';

/** Everything a decision may look at about the thing being accessed. */
export interface Resource {
  /** The forum the thing belongs to (absent for municipality-wide things). */
  forumId?: string;
  /** The municipality the thing belongs to (needed for ADMIN and MANAGEMENT decisions). */
  municipalityId?: string;
  /** A case or one of its documents (police may only reach SSP cases). */
  isCase?: boolean;
  /** A health visitor's health-only notes (police never; only health visitors write). */
  healthOnly?: boolean;
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  const inMunicipality = resource.municipalityId !== undefined && resource.municipalityId === actor.municipalityId;
  // A6: municipal roles act on their own municipality only, and never read cases through them.
  if (action === 'admin:manage' || action === 'audit:search') return inMunicipality && actor.municipalRoles.includes('ADMIN');
  if (action === 'keyfigures:read' && inMunicipality && actor.municipalRoles.includes('MANAGEMENT')) return true; // A7
  if (action === 'case:export' && inMunicipality && actor.municipalRoles.includes('ADMIN')) return true; // access requests

  const membership = resource.forumId ? actor.memberships.get(resource.forumId) : undefined;
  if (!membership) return false; // A1: access only through forum membership
  const police = membership.sector === 'POLITI';
  if (resource.isCase && police && membership.forumType !== 'SSP') return false; // A4: police see SSP cases only
  if (resource.healthOnly && police) return false; // A5: never health-only notes
  const writer = membership.role !== 'GUEST'; // A2: guests read only
  const chair = membership.role === 'CHAIR'; // A3: the chair runs the meeting

  switch (action) {
    case 'document:read':
    case 'case:read':
    case 'meeting:join':
    case 'meeting:read':
      return true;
    case 'document:write':
      return resource.healthOnly ? writer && membership.sector === 'SUNDHEDSPLEJE' : writer;
    case 'case:create':
    case 'case:write':
      return writer;
    case 'case:setBasis':
    case 'case:accessLog':
    case 'case:export':
    case 'case:close':
    case 'meeting:manage':
    case 'meeting:setCurrentItem':
    case 'keyfigures:read':
      return chair;
  }
}

/**
 * Whether a membership with this sector may be granted in a forum of this type
 * (A10): police belong in SSP forums only. The administration refuses the rest;
 * a row that exists anyway still gives no case access (A4, `can()` above).
 */
export function membershipAllowed(m: { forumType: ForumType; sector: Sector }): boolean {
  return !(m.sector === 'POLITI' && m.forumType !== 'SSP');
}

/** The forum ids where the actor may do `action` on a forum-level thing (for list queries). */
export function forumsWhere(actor: Actor, action: Action): string[] {
  return [...actor.memberships.keys()].filter((forumId) => can(actor, action, { forumId }));
}

/** The forum ids whose cases the actor may reach with `action` (police: SSP forums only). */
export function caseForumsWhere(actor: Actor, action: Action): string[] {
  return [...actor.memberships.keys()].filter((forumId) => can(actor, action, { forumId, isCase: true }));
}
