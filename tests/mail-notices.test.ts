/**
 * E-mail notices (docs/SPEC.md, ML1-ML6) against a real SMTP server started here: each kind reaches the right
 * person only, once, and no mail holds anything about the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { CaseSummary, MeetingDetail, MeetingSummary } from '../shared/api.js';
import { CASE_DOC } from '../shared/caseDoc.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { connectProvider, eventually, synced, wsToken, type TestProvider } from './helpers/clients.js';
import { addAgendaItem, addMembership, createAction, createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum, type TestUser } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { linksIn, startSmtp, type ReceivedMail, type TestSmtp } from './helpers/smtp.js';

const ORIGIN = 'https://samraad.test.kommune.dk';
const FORUM = 'SSD Nord';
const today = todayInCopenhagen();
const day = 86_400_000;

/** What the cases of this test hold; none of it may appear in any mail. */
const CHILD = { childName: 'Ida Marie Sørensen', childCpr: '120315-1234', childAddress: 'Fiskergade 12, 8000 Aarhus C', parentNames: 'Lone og Kasper Sørensen' };
const DESCRIPTION = 'pige, 7 år, skole i distrikt Nord';
const ACTION_TITLE = 'Samtale med Ida om fraværet og mors misbrug';
const VOICE = 'Ida siger, at hun er bange for at komme hjem';

let smtp: TestSmtp;
let server: TestServer;
let forum: TestForum;
let u: Record<'chair' | 'school' | 'daycare' | 'guest' | 'outsider', TestUser>;
let admin: TestUser;
let school: ApiClient;
const secrets: string[] = [];
const providers: TestProvider[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: 'Samråd <samraad@test.kommune.dk>', PUBLIC_ORIGIN: ORIGIN });
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR' },
    school: { sector: 'SKOLE', role: 'MEMBER' },
    daycare: { sector: 'DAGTILBUD', role: 'MEMBER' },
    guest: { sector: 'ANDET', role: 'GUEST' },
  });
  await db.forum.update({ where: { id: forum.forumId }, data: { name: FORUM } });
  const outsider = await createOutsider(db, forum.municipalityId);
  u = { ...(forum.users as Record<'chair' | 'school' | 'daycare' | 'guest', TestUser>), outsider };
  admin = await createOutsider(db, forum.municipalityId);
  await db.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'] } });
  school = await apiAs(server.url, server.origin, u.school.email);
  secrets.push(...Object.values(CHILD), 'Sørensen', '1203151234', DESCRIPTION, ACTION_TITLE, VOICE);
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server?.close();
  await smtp?.close();
});

/** A case with a child's identity; its reference and id are secrets too. */
async function newCase() {
  const c = await createCase(server.db.prisma, forum.forumId, u.chair.id, { description: DESCRIPTION, ...CHILD });
  secrets.push(c.reference, c.id);
  return c;
}

/** The mails the SMTP server accepted while `fn` ran. */
async function mailsDuring(fn: () => Promise<unknown>): Promise<ReceivedMail[]> {
  const before = smtp.received.length;
  await fn();
  return smtp.received.slice(before);
}

const runMail = () => server.runJob('mail');

/** ML6: the subject, the text and the raw message hold nothing about a case; links go to the app, without case data. */
function expectNoCaseData(mail: ReceivedMail, allowedPaths: string[] = ['/', '/konto']) {
  for (const secret of secrets) {
    expect(mail.subject).not.toContain(secret);
    expect(mail.text).not.toContain(secret);
    expect(mail.raw).not.toContain(secret);
  }
  expect(mail.subject.toLowerCase()).not.toContain('sag ');
  const links = linksIn(mail.text);
  for (const link of links) {
    expect(link.startsWith(`${ORIGIN}/`)).toBe(true);
    expect(allowedPaths).toContain(new URL(link).pathname);
    expect(new URL(link).search).toBe('');
  }
  expect(mail.headers['auto-submitted']).toBe('auto-generated');
}

const recipients = (mails: ReceivedMail[]) => mails.flatMap((m) => m.to).sort();

describe('e-mail notices', () => {
  it('[ML1][ML3][ML6] an action typed into the case document for a member mails that member once: "Du har en ny opgave i Samråd – SSD Nord", nothing about the case', async () => {
    const c = await newCase();
    const p = connectProvider(server.wsUrl, (await server.db.prisma.document.findUniqueOrThrow({ where: { id: c.documentId } })).docName, {
      token: await wsToken(server.url, server.origin, school.cookie),
    });
    providers.push(p);
    await synced(p);
    const row = new Y.Map<unknown>();
    p.doc.transact(() => {
      p.doc.getText(CASE_DOC.voice).insert(0, VOICE);
      for (const [k, v] of Object.entries({ id: 'act-1', title: ACTION_TITLE, responsibleUserId: u.daycare.id, dueDate: addDays(today, 30), status: 'PLANNED' })) row.set(k, v);
      p.doc.getArray<Y.Map<unknown>>(CASE_DOC.actions).push([row]);
    });
    secrets.push('act-1');
    await eventually(async () => expect(await server.db.prisma.mailOutbox.count({ where: { kind: 'ACTION_ASSIGNED', refId: 'act-1' } })).toBe(1), 15_000, 100);

    const mails = await mailsDuring(runMail);
    expect(recipients(mails)).toEqual([u.daycare.email]);
    const [mail] = mails;
    expect(mail!.subject).toBe('Du har en ny opgave i Samråd – SSD Nord');
    expect(mail!.text).toContain('SSD Nord');
    expect(linksIn(mail!.text)).toEqual([`${ORIGIN}/`, `${ORIGIN}/konto`]);
    expectNoCaseData(mail!);

    // Sent once: another run, and another store of the document with the same responsible, mail nothing.
    row.set('status', 'IN_PROGRESS');
    await eventually(async () => expect((await server.db.prisma.actionItem.findUniqueOrThrow({ where: { id: 'act-1' } })).status).toBe('IN_PROGRESS'), 15_000, 100);
    expect(await mailsDuring(runMail)).toEqual([]);

    // Handed to someone else: they are mailed, and only they.
    row.set('responsibleUserId', u.school.id);
    await eventually(async () => expect(await server.db.prisma.mailOutbox.count({ where: { kind: 'ACTION_ASSIGNED', refId: 'act-1' } })).toBe(2), 15_000, 100);
    const handed = await mailsDuring(runMail);
    expect(recipients(handed)).toEqual([u.school.email]);
    expectNoCaseData(handed[0]!);
  });

  it('[ML1][ML2] "due tomorrow" is off by default; switched on, the responsible of an action or follow-up due tomorrow is mailed once', async () => {
    const c = await newCase();
    const action = await createAction(server.db.prisma, c.id, { title: ACTION_TITLE, responsibleUserId: u.school.id, dueDate: addDays(today, 1) });
    const fu = await createFollowUp(server.db.prisma, c, { dueDate: addDays(today, 1), responsibleUserId: u.daycare.id });
    await createAction(server.db.prisma, c.id, { title: ACTION_TITLE, responsibleUserId: u.chair.id, dueDate: addDays(today, 2) });
    secrets.push(action.id, fu.id);

    const prefs = (await school.get<{ kinds: Record<string, boolean>; language: string; delivery: string }>('/api/notifications/mail-preferences')).body;
    expect(prefs).toEqual({
      kinds: { ACTION_ASSIGNED: true, DUE_TOMORROW: false, OVERDUE: true, AGENDA_PUBLISHED: true, REPORT_DUTY: true, ACCESS_REMOVED: true },
      language: 'da',
      delivery: 'smtp',
    });
    expect(await mailsDuring(runMail)).toEqual([]);

    expect((await school.send('PUT', '/api/notifications/mail-preferences', { kinds: { ...prefs.kinds, DUE_TOMORROW: true }, language: 'da' })).status).toBe(200);
    const mails = await mailsDuring(runMail);
    expect(recipients(mails)).toEqual([u.school.email]);
    expect(mails[0]!.subject).toBe('Du har en opgave med frist i morgen i Samråd – SSD Nord');
    expectNoCaseData(mails[0]!);

    // The day-care member switches it on too and gets the follow-up's, once; the school member nothing new.
    const daycare = await apiAs(server.url, server.origin, u.daycare.email);
    await daycare.send('PUT', '/api/notifications/mail-preferences', { kinds: { ...prefs.kinds, DUE_TOMORROW: true }, language: 'da' });
    const second = await mailsDuring(runMail);
    expect(recipients(second)).toEqual([u.daycare.email]);
    expect(second[0]!.subject).toBe('Du har en opfølgning med frist i morgen i Samråd – SSD Nord');
    expectNoCaseData(second[0]!);
    expect(await mailsDuring(runMail)).toEqual([]);
    await daycare.send('PUT', '/api/notifications/mail-preferences', { kinds: prefs.kinds, language: 'da' });
    await school.send('PUT', '/api/notifications/mail-preferences', { kinds: prefs.kinds, language: 'da' });
  });

  it('[ML1] an overdue action or follow-up is mailed once to its responsible, with the reminder that creates its notification', async () => {
    const c = await newCase();
    const action = await createAction(server.db.prisma, c.id, { title: ACTION_TITLE, responsibleUserId: u.school.id, dueDate: addDays(today, -3) });
    const fu = await createFollowUp(server.db.prisma, c, { dueDate: addDays(today, -1), responsibleUserId: u.chair.id });
    const done = await createAction(server.db.prisma, c.id, { title: ACTION_TITLE, responsibleUserId: u.daycare.id, dueDate: addDays(today, -3), status: 'DONE' });
    secrets.push(action.id, fu.id, done.id);
    await server.runJob('reminders');
    const mails = await mailsDuring(runMail);
    expect(recipients(mails)).toEqual([u.chair.email, u.school.email].sort());
    const bySchool = mails.find((m) => m.to.includes(u.school.email))!;
    expect(bySchool.subject).toBe('Du har en opgave med overskredet frist i Samråd – SSD Nord');
    expect(mails.find((m) => m.to.includes(u.chair.email))!.subject).toBe('Du har en opfølgning med overskredet frist i Samråd – SSD Nord');
    for (const m of mails) expectNoCaseData(m);
    await server.runJob('reminders');
    expect(await mailsDuring(runMail)).toEqual([]);
  });

  it('[ML1] a planned meeting with an agenda within 7 days is announced once to the forum\'s members (a guest only when invited), linking to the meeting', async () => {
    const c = await newCase();
    const near = await createMeeting(server.db.prisma, forum.forumId, { startsAt: new Date(Date.now() + 3 * day), place: 'Rådhuset' });
    await addAgendaItem(server.db.prisma, near.id, c.id, 1);
    const far = await createMeeting(server.db.prisma, forum.forumId, { startsAt: new Date(Date.now() + 20 * day) });
    await addAgendaItem(server.db.prisma, far.id, c.id, 1);
    await createMeeting(server.db.prisma, forum.forumId, { startsAt: new Date(Date.now() + 2 * day) }); // no agenda yet

    const mails = await mailsDuring(runMail);
    expect(recipients(mails)).toEqual([u.chair.email, u.daycare.email, u.school.email].sort());
    for (const m of mails) {
      expect(m.subject).toBe('Dagsorden til mødet i Samråd – SSD Nord');
      expect(linksIn(m.text)).toEqual([`${ORIGIN}/m/${near.id}`, `${ORIGIN}/konto`]);
      expectNoCaseData(m, [`/m/${near.id}`, '/konto']);
    }
    expect(await mailsDuring(runMail)).toEqual([]);

    // The guest is invited to the far meeting; when it comes near, they are announced it too.
    await server.db.prisma.meetingParticipant.create({ data: { meetingId: far.id, userId: u.guest.id } });
    await server.db.prisma.meeting.update({ where: { id: far.id }, data: { startsAt: new Date(Date.now() + 5 * day) } });
    const later = await mailsDuring(runMail);
    expect(recipients(later)).toEqual([u.chair.email, u.daycare.email, u.guest.email, u.school.email].sort());
    // Cleanup for the later tests: neither meeting announces anything again.
    await server.db.prisma.meeting.updateMany({ where: { forumId: forum.forumId }, data: { status: 'CLOSED' } });
  });

  it('[ML1] the duty-to-report reminder is mailed to each participant the notification reaches, not to absent members', async () => {
    const c = await newCase();
    const chair = await apiAs(server.url, server.origin, u.chair.email);
    const m = (await chair.send<MeetingSummary>('POST', `/api/forums/${forum.forumId}/meetings`, { startsAt: new Date(Date.now() + 30 * day).toISOString() })).body;
    secrets.push(m.id);
    expect((await chair.send('POST', `/api/meetings/${m.id}/agenda`, { caseId: c.id })).status).toBe(204);
    expect((await chair.send('PUT', `/api/meetings/${m.id}/participants`, { userIds: [u.school.id], guestLabels: [] })).status).toBe(204);
    expect((await chair.send('POST', `/api/meetings/${m.id}/start`)).status).toBe(204);
    const item = (await chair.get<MeetingDetail>(`/api/meetings/${m.id}`)).body.agenda[0]!;
    const concluded = await chair.send('POST', `/api/meetings/${m.id}/items/${item.id}/conclude`, { level: 4, sosScale: 2, followUp: null, noFollowUpReason: 'Afsluttes i forummet' });
    expect(concluded.status).toBe(204);

    const mails = await mailsDuring(runMail);
    expect(recipients(mails)).toEqual([u.chair.email, u.school.email].sort());
    for (const mail of mails) {
      expect(mail.subject).toBe('Påmindelse om underretningspligt i Samråd – SSD Nord');
      expectNoCaseData(mail);
    }
    expect(await mailsDuring(runMail)).toEqual([]);
    await chair.send('POST', `/api/meetings/${m.id}/close`);
  });

  it('[ML1] removing a membership mails "Din adgang til SSD Nord i Samråd er fjernet"; disabling an account mails that it is closed', async () => {
    const other = await createForum(server.db.prisma, { member: { sector: 'PPR', role: 'MEMBER' } }, { municipalityId: forum.municipalityId });
    const leaver = other.users.member!;
    await addMembership(server.db.prisma, leaver.id, forum.forumId, 'PPR');
    const adminApi = await apiAs(server.url, server.origin, admin.email);
    expect((await adminApi.send('DELETE', `/api/admin/forums/${forum.forumId}/members/${leaver.id}`)).status).toBe(204);
    const removed = await mailsDuring(runMail);
    expect(recipients(removed)).toEqual([leaver.email]);
    expect(removed[0]!.subject).toBe('Din adgang til SSD Nord i Samråd er fjernet');
    expect(linksIn(removed[0]!.text)).toEqual([`${ORIGIN}/konto`]);
    expectNoCaseData(removed[0]!);

    expect((await adminApi.send('PATCH', `/api/admin/users/${leaver.id}`, { disabled: true })).status).toBe(204);
    const closed = await mailsDuring(runMail);
    expect(recipients(closed)).toEqual([leaver.email]);
    expect(closed[0]!.subject).toBe('Din adgang til Samråd er lukket – Testkommune');
    expect(linksIn(closed[0]!.text)).toEqual([`${ORIGIN}/konto`]);
    expectNoCaseData(closed[0]!);
    // A second "disable" of a disabled account, and another run, mail nothing.
    await adminApi.send('PATCH', `/api/admin/users/${leaver.id}`, { disabled: true });
    expect(await mailsDuring(runMail)).toEqual([]);
  });

  it('[ML2] a kind switched off on the account page is not mailed (the row is skipped); English is chosen per user', async () => {
    const prefs = (await school.get<{ kinds: Record<string, boolean> }>('/api/notifications/mail-preferences')).body;
    expect((await school.send('PUT', '/api/notifications/mail-preferences', { kinds: { ...prefs.kinds, ACTION_ASSIGNED: false }, language: 'da' })).status).toBe(200);
    const daycare = await apiAs(server.url, server.origin, u.daycare.email);
    expect((await daycare.send('PUT', '/api/notifications/mail-preferences', { kinds: prefs.kinds, language: 'en' })).body).toMatchObject({ language: 'en' });
    expect((await school.send('PUT', '/api/notifications/mail-preferences', { kinds: { ACTION_ASSIGNED: 'yes' }, language: 'fr' })).status).toBe(400);

    const c = await newCase();
    const forSchool = await createAction(server.db.prisma, c.id, { title: ACTION_TITLE, responsibleUserId: u.school.id, dueDate: addDays(today, 20) });
    const forDaycare = await createAction(server.db.prisma, c.id, { title: ACTION_TITLE, responsibleUserId: u.daycare.id, dueDate: addDays(today, 20) });
    secrets.push(forSchool.id, forDaycare.id);
    await server.db.prisma.mailOutbox.createMany({
      data: [forSchool, forDaycare].map((a) => ({ userId: a.responsibleUserId!, kind: 'ACTION_ASSIGNED' as const, refId: a.id, day: new Date(`${today}T00:00:00Z`), forumId: forum.forumId })),
    });
    const mails = await mailsDuring(runMail);
    expect(recipients(mails)).toEqual([u.daycare.email]);
    expect(mails[0]!.subject).toBe('You have a new action in Samråd – SSD Nord');
    expectNoCaseData(mails[0]!);
    expect(await server.db.prisma.mailOutbox.findFirstOrThrow({ where: { refId: forSchool.id } })).toMatchObject({ status: 'SKIPPED', lastError: 'switched_off' });
  });

  it('[ML2] someone who is not (or no longer) a member of the forum is not mailed about its cases', async () => {
    const c = await newCase();
    const left = await createAction(server.db.prisma, c.id, { title: ACTION_TITLE, responsibleUserId: u.outsider.id, dueDate: addDays(today, 20) });
    secrets.push(left.id);
    // Queued for someone who is not a member of the forum (any more): skipped when it comes to sending.
    await server.db.prisma.mailOutbox.create({ data: { userId: u.outsider.id, kind: 'ACTION_ASSIGNED', refId: left.id, day: new Date(`${today}T00:00:00Z`), forumId: forum.forumId } });
    expect(await mailsDuring(runMail)).toEqual([]);
    expect(await server.db.prisma.mailOutbox.findFirstOrThrow({ where: { refId: left.id } })).toMatchObject({ status: 'SKIPPED', lastError: 'stale' });
  });
});
