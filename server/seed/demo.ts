/**
 * Demo data for development mode on an empty database: a municipality, the
 * forum "SSD Nord" with one shared document, four members from four sectors
 * and a guest. Everyone is fictional. Never runs in production.
 */
import crypto from 'node:crypto';
import type { Role, Sector } from '../../shared/domain.js';
import { hashPassword } from '../auth/passwords.js';
import type { Db } from '../db/client.js';

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; sector: Sector; role: Role }> = [
  { email: 'mette.skov@demo.samraad.dk', name: 'Mette Skov', sector: 'SKOLE', role: 'MEMBER' },
  { email: 'jonas.holm@demo.samraad.dk', name: 'Jonas Holm', sector: 'DAGTILBUD', role: 'MEMBER' },
  { email: 'sara.lind@demo.samraad.dk', name: 'Sara Lind', sector: 'SUNDHEDSPLEJE', role: 'MEMBER' },
  { email: 'ahmed.nielsen@demo.samraad.dk', name: 'Ahmed Nielsen', sector: 'SOCIAL', role: 'CHAIR' },
  { email: 'karin.bo@demo.samraad.dk', name: 'Karin Bo', sector: 'ANDET', role: 'GUEST' },
];

export function newDocName(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export async function seedDemoIfEmpty(db: Db, configuredPassword: string | undefined): Promise<boolean> {
  if ((await db.municipality.count()) > 0) return false;
  const password = configuredPassword ?? crypto.randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    const municipality = await tx.municipality.create({ data: { name: 'Demo Kommune' } });
    const forum = await tx.forum.create({ data: { municipalityId: municipality.id, name: 'SSD Nord', type: 'SSD' } });
    await tx.document.create({ data: { forumId: forum.id, title: 'Fælles noter – SSD Nord', docName: newDocName() } });
    for (const u of DEMO_USERS) {
      const user = await tx.user.create({
        data: { municipalityId: municipality.id, email: u.email, name: u.name, passwordHash },
      });
      await tx.membership.create({ data: { userId: user.id, forumId: forum.id, sector: u.sector, role: u.role } });
    }
  });
  // Printed on purpose: this is how a developer learns the demo logins.
  console.log('\nDemo-data oprettet (kun i udviklingstilstand). Log ind med:');
  for (const u of DEMO_USERS) console.log(`  ${u.email.padEnd(34)} ${u.sector}${u.role === 'GUEST' ? ' (gæst)' : ''}`);
  console.log(
    configuredPassword ? '  Adgangskode: værdien af SAMRAAD_DEMO_PASSWORD\n' : `  Adgangskode: ${password}  (sæt SAMRAAD_DEMO_PASSWORD for at vælge den selv)\n`,
  );
  return true;
}
