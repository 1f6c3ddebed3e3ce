/**
 * Demo data at municipal scale (docs/SPEC.md KF10), on a smaller year: the forums, meetings, cases, actions and
 * follow-ups; case documents that are real Yjs documents read back through the server's own reader, with Danish
 * concern notes that search finds; levels and ladder steps that move over the year and are dated in it; each
 * concluded meeting's version; no mails queued; a second run and production refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsCpr } from '../shared/cpr.js';
import { readCaseContent } from '../server/features/cases/content.js';
import { SeedRefused, seedMunicipality, type MunicipalSeedResult } from '../server/seed/municipal.js';
import { apiAs } from './helpers/api.js';
import { PASSWORD } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let seeded: MunicipalSeedResult;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer();
  seeded = await seedMunicipality(server.db, { forums: 3, cases: 60, password: PASSWORD, name: 'Seedby Kommune' });
});
afterAll(async () => {
  await server?.close();
});

describe('a municipal year', () => {
  it('[KF10] forums with members, a year of closed meetings and the next, cases, actions and follow-ups', async () => {
    const db = server.db.prisma;
    const where = { forum: { municipalityId: seeded.municipalityId } };
    expect(seeded).toMatchObject({ forums: 3, cases: 60 });
    expect(await db.case.count({ where })).toBe(60);
    expect(await db.meeting.count({ where: { ...where, status: 'PLANNED' } })).toBe(3);
    const closed = await db.meeting.findMany({ where: { ...where, status: 'CLOSED' }, select: { startsAt: true } });
    expect(closed.length).toBeGreaterThanOrEqual(15);
    expect(Math.min(...closed.map((m) => m.startsAt.getTime()))).toBeGreaterThan(Date.now() - 366 * DAY);
    expect(seeded.actions).toBeGreaterThanOrEqual(120);
    expect(await db.actionItem.count({ where: { case: where } })).toBe(seeded.actions);
    expect(await db.followUp.count({ where: { case: where } })).toBe(seeded.followUps);
    expect(await db.case.count({ where: { ...where, status: 'CLOSED' } })).toBeGreaterThan(0);
    // The management and administrator logins, members in every forum with one chair each.
    expect(seeded.users.map((u) => u.email)).toEqual(expect.arrayContaining(['leder@seedbykommune.demo.samraad.dk', 'admin@seedbykommune.demo.samraad.dk']));
    for (const f of await db.forum.findMany({ where: { municipalityId: seeded.municipalityId }, include: { memberships: true } })) {
      expect(f.memberships.filter((m) => m.role === 'CHAIR')).toHaveLength(1);
      expect(f.memberships.length).toBeGreaterThanOrEqual(3);
    }
    // Nothing queued to be mailed about the past.
    expect(await db.mailOutbox.count({ where: { user: { municipalityId: seeded.municipalityId } } })).toBe(0);
  });

  it('[KF10] levels and ladder steps move over the year, dated when they happened; each concluded meeting keeps its version', async () => {
    const db = server.db.prisma;
    const assessments = await db.caseAssessment.findMany({ where: { case: { forum: { municipalityId: seeded.municipalityId } } }, orderBy: { recordedAt: 'asc' } });
    const byCase = new Map<string, number[]>();
    for (const a of assessments) byCase.set(a.caseId, [...(byCase.get(a.caseId) ?? []), a.level]);
    expect([...byCase.values()].filter((levels) => new Set(levels).size > 1).length).toBeGreaterThan(3);
    expect(new Set(assessments.map((a) => a.level)).size).toBeGreaterThanOrEqual(4);
    const changes = await db.ladderChange.findMany({ where: { case: { forum: { municipalityId: seeded.municipalityId } } } });
    const up = changes.filter((c) => (c.toStep ?? -1) > (c.fromStep ?? -1)).length;
    expect(up).toBeGreaterThan(0);
    expect(changes.length - up).toBeGreaterThan(0); // and down
    // Dated in the year, not at the moment of seeding, and spread over its months.
    expect(changes.every((c) => c.at.getTime() < Date.now() - 60_000)).toBe(true);
    expect(new Set(changes.map((c) => c.at.toISOString().slice(0, 7))).size).toBeGreaterThanOrEqual(6);
    const actions = await db.actionItem.findMany({ where: { case: { forum: { municipalityId: seeded.municipalityId } } }, select: { createdAt: true } });
    expect(new Set(actions.map((a) => a.createdAt.toISOString().slice(0, 7))).size).toBeGreaterThanOrEqual(6);
    expect(await db.caseVersion.count({ where: { case: { forum: { municipalityId: seeded.municipalityId } } } })).toBe(assessments.length);
  });

  it('[KF10] case documents are Yjs documents with Danish concern notes, Signs of Safety and actions, and search finds them', async () => {
    const db = server.db.prisma;
    const cases = await db.case.findMany({ where: { forum: { municipalityId: seeded.municipalityId } }, select: { documentId: true, forumId: true }, take: 10 });
    let notes = 0;
    for (const c of cases) {
      const content = await readCaseContent(db, c.documentId, c.forumId);
      notes += content.concern.length;
      expect(content.sos.worries.length).toBeGreaterThan(0);
      const text = content.concern.flat().map((r) => r.text).join(' ');
      expect(text).toMatch(/[a-zæøå]{4,}/);
      expect(containsCpr(text)).toBe(false);
      // Every passage and entry has its writer, a member of the forum (the server's bindings, AT1).
      expect(content.concern.flat().every((r) => r.writerId !== null && content.writers[r.writerId])).toBe(true);
      expect(content.actions.every((a) => a.addedById !== null)).toBe(true);
    }
    expect(notes).toBeGreaterThanOrEqual(10);
    // A member searches the forum's cases in Danish: a stem finds the notes.
    const chair = seeded.users.find((u) => u.what.includes('mødeleder'))!;
    const api = await apiAs(server.url, server.origin, chair.email);
    const found = await api.get<{ total: number }>(`/api/search?q=${encodeURIComponent('søvn')}`);
    expect(found.status).toBe(200);
    expect(found.body.total).toBeGreaterThan(0);
  });

  it('[KF10] refuses a second run (changing nothing) and production', async () => {
    const db = server.db.prisma;
    const before = await db.case.count();
    await expect(seedMunicipality(server.db, { forums: 1, cases: 5, password: PASSWORD, name: 'Seedby Kommune' })).rejects.toBeInstanceOf(SeedRefused);
    expect(await db.case.count()).toBe(before);
    const env = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(seedMunicipality(server.db, { forums: 1, cases: 5, password: PASSWORD, name: 'Andetby Kommune' })).rejects.toThrow(/produktion/);
    } finally {
      process.env.NODE_ENV = env;
    }
    expect(await db.municipality.count({ where: { name: 'Andetby Kommune' } })).toBe(0);
  });
});
