/** Test data: a municipality, a forum with members of given roles, a document. */
import crypto from 'node:crypto';
import type { ForumType, Role, Sector } from '../../shared/domain.js';
import { hashPassword } from '../../server/auth/passwords.js';
import type { Db } from '../../server/db/client.js';
import { newDocName } from '../../server/seed/demo.js';

export const PASSWORD = 'korrekt-hest-batteri';
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  sector: Sector;
  role: Role;
}

export interface TestForum {
  municipalityId: string;
  forumId: string;
  documentId: string;
  docName: string;
  users: Record<string, TestUser>;
}

/**
 * A forum with one document. `members` maps a short key to a sector and role;
 * each becomes a user with the password PASSWORD.
 */
export async function createForum(
  db: Db,
  members: Record<string, { sector: Sector; role: Role; name?: string }>,
  opts: { type?: ForumType; municipalityId?: string } = {},
): Promise<TestForum> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const municipalityId = opts.municipalityId ?? (await db.municipality.create({ data: { name: 'Testkommune' } })).id;
  const forum = await db.forum.create({ data: { municipalityId, name: 'SSD Test', type: opts.type ?? 'SSD' } });
  const doc = await db.document.create({ data: { forumId: forum.id, title: 'Noter', docName: newDocName() } });
  const users: Record<string, TestUser> = {};
  for (const [key, m] of Object.entries(members)) {
    const email = `${key}-${crypto.randomBytes(3).toString('hex')}@test.samraad.dk`;
    const name = m.name ?? `Bruger ${key}`;
    const user = await db.user.create({ data: { municipalityId, email, name, passwordHash: hash } });
    await db.membership.create({ data: { userId: user.id, forumId: forum.id, sector: m.sector, role: m.role } });
    users[key] = { id: user.id, email, name, sector: m.sector, role: m.role };
  }
  return { municipalityId, forumId: forum.id, documentId: doc.id, docName: doc.docName, users };
}

/** A user in the municipality who is member of no forum. */
export async function createOutsider(db: Db, municipalityId: string): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `outsider-${crypto.randomBytes(3).toString('hex')}@test.samraad.dk`;
  const user = await db.user.create({ data: { municipalityId, email, name: 'Udenforstående', passwordHash: await passwordHash } });
  return { id: user.id, email, name: 'Udenforstående', sector: 'ANDET', role: 'GUEST' };
}
