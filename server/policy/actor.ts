import type { Db } from '../db/client.js';
import type { Actor, ActorMembership } from './policy.js';

/** Loads the user and their memberships; null when the user is gone or disabled. */
export async function loadActor(db: Db, userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      municipalityId: true,
      municipalRoles: true,
      disabledAt: true,
      memberships: { select: { forumId: true, sector: true, role: true, forum: { select: { type: true } } } },
    },
  });
  if (!user || user.disabledAt) return null;
  return {
    userId: user.id,
    name: user.name,
    municipalityId: user.municipalityId,
    municipalRoles: user.municipalRoles,
    memberships: new Map<string, ActorMembership>(
      user.memberships.map((m) => [m.forumId, { forumId: m.forumId, forumType: m.forum.type, sector: m.sector, role: m.role }]),
    ),
  };
}
