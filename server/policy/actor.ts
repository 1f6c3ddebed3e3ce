import type { Db } from '../db/client.js';
import type { Actor, ActorMembership } from './policy.js';

const actorSelect = {
  id: true,
  name: true,
  municipalityId: true,
  municipalRoles: true,
  disabledAt: true,
  memberships: { select: { forumId: true, sector: true, role: true, forum: { select: { type: true } } } },
} as const;

type ActorRow = NonNullable<Awaited<ReturnType<typeof findUser>>>;
const findUser = (db: Db, userId: string) => db.user.findUnique({ where: { id: userId }, select: actorSelect });

function toActor(user: ActorRow): Actor {
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

/** Loads the user and their memberships; null when the user is gone or disabled. */
export async function loadActor(db: Db, userId: string): Promise<Actor | null> {
  const user = await findUser(db, userId);
  if (!user || user.disabledAt) return null;
  return toActor(user);
}

/** Several users at once (a job deciding for many); gone and disabled users are missing from the map. */
export async function loadActors(db: Db, userIds: readonly string[]): Promise<Map<string, Actor>> {
  if (userIds.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: [...new Set(userIds)] }, disabledAt: null }, select: actorSelect });
  return new Map(users.map((u) => [u.id, toActor(u)]));
}
