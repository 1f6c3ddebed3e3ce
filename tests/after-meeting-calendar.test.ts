import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { login } from './helpers/clients.js';
import { addMembership, createAction, createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let other: TestForum;
let cookie: string;
const today = todayInCopenhagen();
const DESCRIPTION = 'dreng, 4 år, dagtilbud i distrikt Nord';
const LONG_NAME = 'SSD Nord – Tværfagligt distriktsteam for skoledistrikt Nørrebro, Østerbro og omegn';
const hour = 3_600_000;

/** Undoes RFC 5545 line folding and TEXT escaping, for assertions. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const unescapeIcs = (v: string) => v.replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1');
const events = (ics: string) =>
  unfold(ics)
    .split('BEGIN:VEVENT\r\n')
    .slice(1)
    .map((block) => {
      const props: Record<string, string> = {};
      for (const line of block.split('\r\n')) {
        const i = line.indexOf(':');
        if (i > 0) props[line.slice(0, i)] = line.slice(i + 1);
      }
      return props;
    });

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    me: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
  });
  await db.forum.update({ where: { id: forum.forumId }, data: { name: 'SSD Nord' } });
  other = await createForum(db, { otherChair: { sector: 'SOCIAL', role: 'CHAIR' } }, { municipalityId: forum.municipalityId });
  await db.forum.update({ where: { id: other.forumId }, data: { name: LONG_NAME } });
  cookie = await login(server.url, server.origin, forum.users.me!.email);
});
afterAll(async () => {
  await server?.close();
});

describe('calendar', () => {
  let meetingId: string;
  let reference: string;

  it('[T5] /api/me/calendar.ics is an iCalendar of my meetings and follow-ups with forum names and case references only', async () => {
    const db = server.db.prisma;
    const me = forum.users.me!.id;
    const startsAt = new Date(Math.ceil((Date.now() + 48 * hour) / 60_000) * 60_000);
    const meeting = await createMeeting(db, forum.forumId, { startsAt, place: 'Skolen, lokale 2; 1. sal' });
    meetingId = meeting.id;
    const oldMeeting = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() - 40 * 24 * hour), status: 'CLOSED' });
    const recent = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() - 5 * 24 * hour), status: 'CLOSED' });
    const foreign = await createMeeting(db, other.forumId, { startsAt });
    const c = await createCase(db, forum.forumId, forum.users.chair!.id, { description: DESCRIPTION });
    reference = c.reference;
    const due = addDays(today, 10);
    const fu = await createFollowUp(db, c, { dueDate: due, responsibleUserId: me });
    const chairs = await createFollowUp(db, c, { dueDate: due, responsibleUserId: forum.users.chair!.id });

    const res = await fetch(`${server.url}/api/me/calendar.ics`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const ics = await res.text();

    // RFC 5545: CRLF everywhere, no physical line over 75 octets.
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(unfold(ics)).toMatch(/\r\nVERSION:2\.0\r\n/);
    expect(unfold(ics)).toMatch(/\r\nPRODID:/);

    const evs = events(ics);
    const uids = evs.map((e) => e.UID);
    expect(uids).toContain(`meeting-${meeting.id}@samraad`);
    expect(uids).toContain(`meeting-${recent.id}@samraad`);
    expect(uids).not.toContain(`meeting-${oldMeeting.id}@samraad`);
    expect(uids).not.toContain(`meeting-${foreign.id}@samraad`);
    expect(uids).not.toContain(`followup-${chairs.id}@samraad`);

    const m = evs.find((e) => e.UID === `meeting-${meeting.id}@samraad`)!;
    expect(m.SUMMARY).toBe('Møde\\, SSD Nord');
    expect(unescapeIcs(m.LOCATION!)).toBe('Skolen, lokale 2; 1. sal');
    expect(m.LOCATION).toBe('Skolen\\, lokale 2\\; 1. sal');
    const iso = startsAt.toISOString().replace(/[-:]/g, '').replace('.000', '');
    expect(m.DTSTART).toBe(iso);
    expect(m.DTEND).toBe(new Date(startsAt.getTime() + hour).toISOString().replace(/[-:]/g, '').replace('.000', ''));

    const f = evs.find((e) => e.UID === `followup-${fu.id}@samraad`)!;
    expect(unescapeIcs(f.SUMMARY!)).toBe(`Opfølgning, SSD Nord, sag ${c.reference}`);
    expect(f['DTSTART;VALUE=DATE']).toBe(due.replace(/-/g, ''));
    expect(f['DTEND;VALUE=DATE']).toBe(addDays(due, 1).replace(/-/g, ''));

    // No child data anywhere.
    expect(unfold(ics)).not.toContain('dreng');
    expect(unfold(ics)).not.toContain('Mette');

    // The same rows get the same UIDs on the next download.
    const again = events(await (await fetch(`${server.url}/api/me/calendar.ics`, { headers: { cookie } })).text());
    expect(again.map((e) => e.UID)).toEqual(uids);
  });

  it('[T5] long summaries are folded at 75 octets without breaking characters', async () => {
    const db = server.db.prisma;
    const me = forum.users.me!.id;
    await addMembership(db, me, other.forumId, 'SKOLE');
    const c = await createCase(db, other.forumId, other.users.otherChair!.id);
    const fu = await createFollowUp(db, c, { dueDate: addDays(today, 2), responsibleUserId: me });
    const ics = await (await fetch(`${server.url}/api/me/calendar.ics`, { headers: { cookie } })).text();
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics).toMatch(/\r\n /); // something was folded
    const f = events(ics).find((e) => e.UID === `followup-${fu.id}@samraad`)!;
    expect(unescapeIcs(f.SUMMARY!)).toBe(`Opfølgning, ${LONG_NAME}, sag ${c.reference}`);
    await db.membership.deleteMany({ where: { userId: me, forumId: other.forumId } });
  });

  it('[ML7] my open actions\' deadlines are all-day events naming the forum only: no case reference, title or description', async () => {
    const db = server.db.prisma;
    const me = forum.users.me!.id;
    const TITLE = 'Samtale med Oliver om mobning';
    const c = await createCase(db, forum.forumId, forum.users.chair!.id, { description: DESCRIPTION, childName: 'Oliver Bech' });
    const closed = await createCase(db, forum.forumId, forum.users.chair!.id, { status: 'CLOSED' });
    const mine = await createAction(db, c.id, { title: TITLE, responsibleUserId: me, dueDate: addDays(today, 5) });
    const late = await createAction(db, c.id, { title: TITLE, responsibleUserId: me, dueDate: addDays(today, -3), status: 'IN_PROGRESS' });
    const done = await createAction(db, c.id, { title: TITLE, responsibleUserId: me, dueDate: addDays(today, 6), status: 'DONE' });
    const undated = await createAction(db, c.id, { title: TITLE, responsibleUserId: me, dueDate: null });
    const old = await createAction(db, c.id, { title: TITLE, responsibleUserId: me, dueDate: addDays(today, -40) });
    const chairs = await createAction(db, c.id, { title: TITLE, responsibleUserId: forum.users.chair!.id, dueDate: addDays(today, 5) });
    const inClosed = await createAction(db, closed.id, { title: TITLE, responsibleUserId: me, dueDate: addDays(today, 5) });

    const ics = await (await fetch(`${server.url}/api/me/calendar.ics`, { headers: { cookie } })).text();
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const evs = events(ics);
    const uids = evs.map((e) => e.UID);
    expect(uids).toContain(`action-${mine.id}@samraad`);
    expect(uids).toContain(`action-${late.id}@samraad`);
    for (const a of [done, undated, old, chairs, inClosed]) expect(uids).not.toContain(`action-${a.id}@samraad`);

    const e = evs.find((x) => x.UID === `action-${mine.id}@samraad`)!;
    expect(unescapeIcs(e.SUMMARY!)).toBe('Frist for opgave, SSD Nord');
    expect(e['DTSTART;VALUE=DATE']).toBe(addDays(today, 5).replace(/-/g, ''));
    expect(e['DTEND;VALUE=DATE']).toBe(addDays(today, 6).replace(/-/g, ''));
    for (const prop of ['DESCRIPTION', 'LOCATION', 'URL', 'ATTACH', 'COMMENT']) expect(e).not.toHaveProperty(prop);
    const block = unescapeIcs(unfold(ics));
    expect(block).not.toContain(TITLE);
    expect(block).not.toContain('Oliver');
    expect(block).not.toContain(DESCRIPTION);
    expect(block).not.toContain(c.id);
    // The case's reference is in the feed only where T5 puts it (its follow-ups); this case has none.
    expect(block).not.toContain(c.reference);
    await db.actionItem.deleteMany({ where: { caseId: { in: [c.id, closed.id] } } });
  });

  it('[T6] a secret feed URL serves the same calendar without a cookie, re-checks memberships, and unknown secrets are 404', async () => {
    const db = server.db.prisma;
    const res = await fetch(`${server.url}/api/me/calendar-feed`, { method: 'POST', headers: { cookie, origin: server.origin } });
    expect(res.status).toBe(200);
    const { url } = (await res.json()) as { url: string };
    expect(url).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const secret = /calendar\/([^/]+)\.ics$/.exec(url)![1]!;
    // Only the hash of the secret is stored.
    const stored = await db.calendarFeed.findMany({ where: { userId: forum.users.me!.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(secret);

    const path = new URL(url).pathname;
    const feed = await fetch(`${server.url}${path}`);
    expect(feed.status).toBe(200);
    const ics = await feed.text();
    expect(events(ics).map((e) => e.UID)).toContain(`meeting-${meetingId}@samraad`);
    expect(unescapeIcs(unfold(ics))).toContain(`sag ${reference}`);
    expect(unfold(ics)).not.toContain('dreng');

    expect((await fetch(`${server.url}/api/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/calendar/nonsense`)).status).toBe(404);

    // Membership is checked on every request: after leaving the forum its meetings are gone.
    const membership = await db.membership.findFirstOrThrow({ where: { userId: forum.users.me!.id, forumId: forum.forumId } });
    await db.membership.delete({ where: { id: membership.id } });
    const afterLeaving = await (await fetch(`${server.url}${path}`)).text();
    expect(afterLeaving).not.toContain(meetingId);
    expect(unfold(afterLeaving)).not.toContain(reference);
    await db.membership.create({ data: { userId: membership.userId, forumId: membership.forumId, sector: membership.sector, role: membership.role } });

    // A new feed replaces the old one.
    const renewed = await fetch(`${server.url}/api/me/calendar-feed`, { method: 'POST', headers: { cookie, origin: server.origin } });
    const { url: url2 } = (await renewed.json()) as { url: string };
    expect(url2).not.toBe(url);
    expect((await fetch(`${server.url}${path}`)).status).toBe(404);
    expect((await fetch(`${server.url}${new URL(url2).pathname}`)).status).toBe(200);

    // Creating a feed needs a session.
    expect((await fetch(`${server.url}/api/me/calendar-feed`, { method: 'POST', headers: { origin: server.origin } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/me/calendar.ics`)).status).toBe(401);
  });
});
