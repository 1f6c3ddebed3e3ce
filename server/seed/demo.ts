/**
 * Demo data for development mode on an empty database (docs/SPEC.md, O4):
 * the municipality "Demo Kommune", one forum of each type with members from
 * every sector, a shared document, and (seed/demo-cases.ts) meetings past and
 * upcoming with cases at different levels. Everyone is fictional. Never runs
 * in production.
 */
import crypto from 'node:crypto';
import type { ForumType, Role, Sector } from '../../shared/domain.js';
import { hashPassword } from '../auth/passwords.js';
import type { Database } from '../db/client.js';
import { seedDemoCases } from './demo-cases.js';

/** The members of "SSD Nord": four sectors and a guest. */
export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; sector: Sector; role: Role }> = [
  { email: 'mette.skov@demo.samraad.dk', name: 'Mette Skov', sector: 'SKOLE', role: 'MEMBER' },
  { email: 'jonas.holm@demo.samraad.dk', name: 'Jonas Holm', sector: 'DAGTILBUD', role: 'MEMBER' },
  { email: 'sara.lind@demo.samraad.dk', name: 'Sara Lind', sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
  { email: 'ahmed.nielsen@demo.samraad.dk', name: 'Ahmed Nielsen', sector: 'SOCIAL', role: 'CHAIR' },
  { email: 'karin.bo@demo.samraad.dk', name: 'Karin Bo', sector: 'ANDET', role: 'GUEST' },
];

/** Further demo people: police and PPR in the other forums, and the municipal roles. */
const OTHER_USERS = [
  { key: 'police', email: 'lars.holt@demo.samraad.dk', name: 'Lars Holt', roles: [] },
  { key: 'ppr', email: 'nina.berg@demo.samraad.dk', name: 'Nina Berg', roles: [] },
  { key: 'admin', email: 'admin@demo.samraad.dk', name: 'Birgit Admin', roles: ['ADMIN'] },
  { key: 'management', email: 'leder@demo.samraad.dk', name: 'Poul Leder', roles: ['MANAGEMENT'] },
] as const;

/** Forum → [user e-mail prefix, sector, role]. */
const OTHER_FORUMS: Array<{ name: string; type: ForumType; members: Array<[string, Sector, Role]> }> = [
  {
    name: 'SSP Øst',
    type: 'SSP',
    members: [['ahmed.nielsen', 'SOCIAL', 'CHAIR'], ['mette.skov', 'SKOLE', 'MEMBER'], ['lars.holt', 'POLITI', 'MEMBER']],
  },
  {
    name: 'Trivselsforum 0-3 Syd',
    type: 'TRIVSEL_0_3',
    members: [['sara.lind', 'SUNDHEDSPLEJE', 'CHAIR'], ['jonas.holm', 'DAGTILBUD', 'MEMBER'], ['ahmed.nielsen', 'SOCIAL', 'MEMBER']],
  },
  {
    name: 'Distriktsteam Vest',
    type: 'DISTRIKTSTEAM',
    members: [
      ['mette.skov', 'SKOLE', 'CHAIR'],
      ['jonas.holm', 'DAGTILBUD', 'MEMBER'],
      ['nina.berg', 'PPR', 'MEMBER'],
      ['ahmed.nielsen', 'SOCIAL', 'MEMBER'],
      ['sara.lind', 'SUNDHEDSPLEJE', 'MEMBER'],
    ],
  },
];

export function newDocName(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export async function seedDemoIfEmpty(db: Database, configuredPassword: string | undefined): Promise<boolean> {
  const prisma = db.prisma;
  if ((await prisma.municipality.count()) > 0) {
    await refreshDemoPassword(db, configuredPassword);
    return false;
  }
  const password = configuredPassword ?? crypto.randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  const forumIds = await prisma.$transaction(async (tx) => {
    const municipality = await tx.municipality.create({ data: { name: 'Demo Kommune' } });
    const userIds = new Map<string, string>();
    for (const u of [...DEMO_USERS, ...OTHER_USERS]) {
      const roles = 'roles' in u ? [...u.roles] : [];
      const user = await tx.user.create({
        data: { municipalityId: municipality.id, email: u.email, name: u.name, passwordHash, municipalRoles: roles },
      });
      userIds.set(u.email.split('@')[0]!, user.id);
    }
    const ssd = await tx.forum.create({ data: { municipalityId: municipality.id, name: 'SSD Nord', type: 'SSD' } });
    await tx.document.create({ data: { forumId: ssd.id, title: 'Fælles noter – SSD Nord', docName: newDocName() } });
    for (const u of DEMO_USERS) {
      await tx.membership.create({ data: { userId: userIds.get(u.email.split('@')[0]!)!, forumId: ssd.id, sector: u.sector, role: u.role } });
    }
    const ids = new Map<string, string>([['SSD Nord', ssd.id]]);
    for (const f of OTHER_FORUMS) {
      const forum = await tx.forum.create({ data: { municipalityId: municipality.id, name: f.name, type: f.type } });
      ids.set(f.name, forum.id);
      for (const [user, sector, role] of f.members) {
        await tx.membership.create({ data: { userId: userIds.get(user)!, forumId: forum.id, sector, role } });
      }
    }
    return ids;
  });
  await seedDemoCases(db, forumIds);
  // Printed on purpose: this is how a developer learns the demo logins.
  console.log('\nDemo-data oprettet (kun i udviklingstilstand). Log ind med:');
  for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(34)} ${u.sector}${u.role === 'GUEST' ? ' (gæst)' : u.role === 'CHAIR' ? ' (mødeleder)' : ''}`);
  for (const u of OTHER_USERS) console.log(`  ${u.email.padEnd(34)} ${u.key === 'police' ? 'POLITI (SSP Øst)' : u.key === 'ppr' ? 'PPR (Distriktsteam Vest)' : u.roles.join(', ')}`);
  console.log(
    configuredPassword ? '  Adgangskode: værdien af SAMRAAD_DEMO_PASSWORD\n' : `  Adgangskode: ${password}  (sæt SAMRAAD_DEMO_PASSWORD for at vælge den selv)\n`,
  );
  return true;
}

/**
 * On later starts the generated password is gone (only its hash is kept): with
 * SAMRAAD_DEMO_PASSWORD set, the demo users get that password; without it, say
 * how to get in.
 */
async function refreshDemoPassword(db: Database, configuredPassword: string | undefined): Promise<void> {
  const emails = [...DEMO_USERS, ...OTHER_USERS].map((u) => u.email);
  if (configuredPassword) {
    const { count } = await db.prisma.user.updateMany({ where: { email: { in: emails } }, data: { passwordHash: await hashPassword(configuredPassword) } });
    if (count > 0) console.log('Demo-brugerne bruger adgangskoden fra SAMRAAD_DEMO_PASSWORD.');
  } else if ((await db.prisma.user.count({ where: { email: { in: emails } } })) > 0) {
    console.log('Demo-brugerne findes allerede. Sæt SAMRAAD_DEMO_PASSWORD for at vælge deres adgangskode.');
  }
}
