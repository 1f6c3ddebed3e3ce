/**
 * The one place that decides access (docs/SPEC.md, A1-A9). HTTP routes,
 * socket.io handlers and the collaboration server all ask `can()`; none of
 * them inspects roles on its own.
 */
import type { ForumType, Role, Sector } from '../../shared/domain.js';
import { identityRefusal, type BasisRow, type IdentityRefusal } from '../features/privacy/rules.js';

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
  /** The case's record across meetings (VR2-VR3): its versions and what changed since the last. */
  | 'case:history'
  /** See and edit the child's identity (name, CPR, address, parents), LB7. */
  | 'case:identity'
  /** Identity in an access-request export (IN1): the municipality's ADMIN, or a chair who may see it (LB7). */
  | 'case:exportIdentity'
  /** Download a sector's hand-over packet and mark it filed (HO7, HO9): a member, not a guest, of that sector. */
  | 'handover:read'
  /** See every sector's hand-over packets of a meeting and whether they are filed (HO10): the chair. */
  | 'handover:status'
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
  /** For `case:identity`: the case's basis in force and today's date in Copenhagen (LB7). */
  identity?: { basis: BasisRow | null; today: string };
  /** For `handover:read`: the sector whose hand-over packet it is (HO7). */
  sector?: Sector;
}

export function can(actor: Actor, action: Action, resource: Resource): boolean {
  const inMunicipality = resource.municipalityId !== undefined && resource.municipalityId === actor.municipalityId;
  // A6: municipal roles act on their own municipality only, and never read cases through them.
  if (action === 'admin:manage' || action === 'audit:search') return inMunicipality && actor.municipalRoles.includes('ADMIN');
  if (action === 'keyfigures:read' && inMunicipality && actor.municipalRoles.includes('MANAGEMENT')) return true; // A7
  if (action === 'case:export' && inMunicipality && actor.municipalRoles.includes('ADMIN')) return true; // access requests
  // IN1: the data subject is owed everything stored, identity included, whatever the basis now says; the
  // municipality's administrator answers for the controller.
  if (action === 'case:exportIdentity' && inMunicipality && actor.municipalRoles.includes('ADMIN')) return true;

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
    case 'case:history':
      // VR2: the forum's members who work on the case, not a guest (e.g. a parent invited to one meeting reads
      // the case then, not its history). Always a case: police only in SSP (A4), even if the caller left out isCase.
      return writer && (!police || membership.forumType === 'SSP');
    case 'case:identity':
      return identityRefusalFor(actor, resource) === null;
    case 'case:exportIdentity':
      return chair && identityRefusalFor(actor, resource) === null;
    case 'handover:read':
      // HO7: a sector's packet is for that sector's members who work on the case; police only in SSP (A4, above).
      return writer && resource.isCase === true && resource.sector !== undefined && resource.sector !== 'ANDET' && membership.sector === resource.sector;
    case 'handover:status':
      return chair && resource.isCase === true;
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
 * LB7: why the actor may not see and edit the case's identity (`basis`, `guest`, `sector`), or null if they may.
 * `unreadable` when they may not read the case at all. `can(actor, 'case:identity', resource)` is this === null.
 */
export function identityRefusalFor(actor: Actor, resource: Resource): IdentityRefusal | 'unreadable' | null {
  if (!resource.identity || !can(actor, 'case:read', { ...resource, isCase: true })) return 'unreadable';
  const membership = actor.memberships.get(resource.forumId!)!;
  return identityRefusal(resource.identity.basis, membership, resource.identity.today);
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

/**
 * A parent taking part (docs/SPEC.md, PA3): signed in through one invitation, never a member. Never an `Actor`, so
 * `can()` and everything built on it refuses them; their own routes ask `canParent()`.
 */
export interface ParentActor {
  kind: 'parent';
  invitationId: string;
  /** The one case the invitation is about. */
  caseId: string;
  /** The meeting the invitation is for, if any. */
  meetingId: string | null;
}

export type ParentAction =
  /** The shared family version, the Three Houses as shared, the next meeting (PA3). */
  | 'parent:read'
  /** Whether the meeting's current item is theirs (PA3). */
  | 'parent:meetingItem'
  /** Their own words, their answer to the plan, their consent (PA4-PA6). */
  | 'parent:write';

/** PA3: a parent acts on their invitation's case only, and on nothing else; a meeting only if it is the invitation's. */
export function canParent(parent: ParentActor, action: ParentAction, resource: { caseId: string; meetingId?: string | null }): boolean {
  if (resource.caseId !== parent.caseId) return false;
  if (action === 'parent:meetingItem') return resource.meetingId !== undefined && resource.meetingId !== null && resource.meetingId === parent.meetingId;
  return true;
}
