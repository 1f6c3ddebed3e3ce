import type { MeResponse } from '../../../shared/api.js';
import type { Db } from '../../db/client.js';

export async function presentMe(db: Db, userId: string): Promise<MeResponse> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      municipalRoles: true,
      language: true,
      municipality: { select: { name: true } },
      memberships: { select: { forumId: true, sector: true, role: true, forum: { select: { name: true, type: true } } } },
    },
  });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    municipality: user.municipality.name,
    municipalRoles: user.municipalRoles,
    language: user.language === 'en' || user.language === 'da' ? user.language : null,
    memberships: user.memberships.map((m) => ({
      forumId: m.forumId,
      forumName: m.forum.name,
      forumType: m.forum.type,
      sector: m.sector,
      role: m.role,
    })),
  };
}
