/**
 * The case meeting by meeting in the browser (docs/SPEC.md, VR2-VR4): the case page's "Møder" with its trend and
 * each version readable as it was, "Ændret siden sidste møde", the conclude dialog starting from the last meeting's
 * values, and a guest who sees none of it. Content is typed by real Yjs clients; meetings run over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { MeetingDetail } from '../../shared/api.js';
import { readCaseContent } from '../../server/features/cases/content.js';
import { addDays, todayInCopenhagen } from '../../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from '../helpers/api.js';
import { connectWriter, entry, paragraph } from '../helpers/case-document.js';
import { eventually, type TestProvider } from '../helpers/clients.js';
import { createCase, createMeeting } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { axeSerious, closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;
let server: TestServer;
let forum: TestForum;
let browser: Browser;
let chairApi: ApiClient;
let kase: { id: string; documentId: string };
let secondMeetingId: string;
const providers: TestProvider[] = [];
const users: UserPage[] = [];


const writer = (key: string, docName: string): Promise<TestProvider> => connectWriter(server, forum.users[key]!.email, docName, providers);

/** The first meeting's version (level 3, scale 6), then changes typed by the health visitor, then a second meeting running. */
beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Anna Jensen' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
    guest: { sector: 'ANDET', role: 'GUEST', name: 'Gæst' },
  });
  kase = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'dreng, 7 år, skole i distrikt Nord' });
  const { docName } = await db.document.findUniqueOrThrow({ where: { id: kase.documentId } });
  chairApi = await apiAs(server.url, server.origin, forum.users.chair!.email);

  const s = await writer('school', docName);
  s.doc.transact(() => {
    s.doc.getXmlFragment('prosemirror').push([paragraph('Kommer ofte sent og virker træt.')]);
    s.doc.getArray('actions').push([
      entry({ title: 'Samtale med forældre', responsibleUserId: forum.users.school!.id, ladderStep: 0, dueDate: addDays(todayInCopenhagen(), 7), status: 'PLANNED' }),
      entry({ title: 'Fraværsopfølgning', responsibleUserId: forum.users.school!.id, ladderStep: 0, dueDate: addDays(todayInCopenhagen(), -2), status: 'PLANNED' }),
    ]);
  });
  await eventually(async () => expect((await readCaseContent(db, kase.documentId, forum.forumId)).actions).toHaveLength(2));

  const first = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() - 14 * DAY) });
  await runToConclusion(first.id, { level: 3, sosScale: 6, outcome: 'Skolen taler med forældrene.', followUp: null, noFollowUpReason: 'Næste møde følger op' });
  expect((await chairApi.send('POST', `/api/meetings/${first.id}/close`)).status).toBe(204);

  const n = await writer('nurse', docName);
  await eventually(() => expect(n.doc.getXmlFragment('prosemirror').length).toBe(1));
  n.doc.getXmlFragment('prosemirror').push([paragraph('Mor fortæller om søvnbesvær.')]);
  await eventually(async () => expect((await readCaseContent(db, kase.documentId, forum.forumId)).concern).toHaveLength(2));

  const second = await createMeeting(db, forum.forumId, { startsAt: new Date() });
  secondMeetingId = second.id;
  expect((await chairApi.send('POST', `/api/meetings/${second.id}/agenda`, { caseId: kase.id })).status).toBe(204);
  expect((await chairApi.send('POST', `/api/meetings/${second.id}/start`)).status).toBe(204);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await closeAll(...users);
  await browser?.close();
  await server?.close();
});

async function runToConclusion(meetingId: string, conclusion: Record<string, unknown>) {
  expect((await chairApi.send('POST', `/api/meetings/${meetingId}/agenda`, { caseId: kase.id })).status).toBe(204);
  const { chair, school, nurse } = forum.users;
  await chairApi.send('PUT', `/api/meetings/${meetingId}/participants`, { userIds: [chair!.id, school!.id, nurse!.id], guestLabels: [] });
  expect((await chairApi.send('POST', `/api/meetings/${meetingId}/start`)).status).toBe(204);
  const [item] = (await chairApi.get<MeetingDetail>(`/api/meetings/${meetingId}`)).body.agenda;
  expect((await chairApi.send('POST', `/api/meetings/${meetingId}/items/${item!.id}/conclude`, conclusion)).status).toBe(204);
}

describe('web: the case meeting by meeting', () => {
  it('[VR2][VR3] the case page shows its meetings with a trend and a table, a version as it was with its writers, and what changed since', async () => {
    const school = await newUser(browser, server.origin, forum.users.school!.email, { bypassCSP: true });
    users.push(school);
    const page = school.page;
    await page.goto(`/c/${kase.id}`);
    const timeline = page.getByTestId('case-timeline');
    await timeline.getByRole('heading', { name: 'Møder' }).waitFor();
    await timeline.getByTestId('timeline-list').waitFor();
    expect(await timeline.getByTestId('timeline-version').count()).toBe(1);
    await timeline.getByTestId('timeline-version').getByText('niveau 3 – Bekymring, skala 6').waitFor();
    // The trend is an image with a text alternative, and a table.
    const trend = timeline.getByRole('img', { name: 'Udvikling fra møde til møde' });
    expect(await trend.locator('desc').textContent()).toContain('Børnelinealen: 3. Skala: 6.');
    await timeline.getByText('Vis udviklingen som tabel').click();
    await timeline.getByTestId('timeline-table').getByRole('cell', { name: '3 – Bekymring' }).waitFor();

    // The first meeting's version: the note as it was, each passage with its writer.
    await timeline.getByTestId('timeline-open').click();
    const version = timeline.getByTestId('version-view');
    await version.getByTestId('version-concern').waitFor();
    expect((await version.getByTestId('version-concern').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Kommer ofte sent og virker træt. — Anna Jensen, Skole');
    await version.getByTestId('version-basis').getByText('Anonym sparring').waitFor();
    await version.getByTestId('version-actions').getByText('Samtale med forældre').waitFor();
    await version.getByTestId('version-followup').getByText('Ingen opfølgning: Næste møde følger op').waitFor();
    await version.getByTestId('version-participants').getByText('Sara Lind (Sundhedspleje)').waitFor();
    expect(await timeline.getByTestId('timeline-open').getAttribute('aria-expanded')).toBe('true');

    // Changed since: the health visitor's paragraph, and the action past its date.
    const changes = page.getByTestId('changes-since-last');
    await changes.getByTestId('changes-concern-added').filter({ hasText: 'Mor fortæller om søvnbesvær.' }).getByText('Tilføjet af Sara Lind, Sundhedspleje').waitFor();
    await changes.getByTestId('changes-actions-overdue').getByText('Fraværsopfølgning').waitFor();
    await changes.getByTestId('changes-assessment').getByText('Uændret: niveau 3 – Bekymring').waitFor();

    const violations = await axeSerious(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(school.errors).toEqual([]);
  });

  it('[VR4] the conclude dialog starts from the last meeting\'s values and says what they were; a message goes once its field is fixed; the timeline gets the new meeting', async () => {
    const chair = await newUser(browser, server.origin, forum.users.chair!.email);
    users.push(chair);
    const school = users[0]!;
    const page = chair.page;
    await page.goto(`/m/${secondMeetingId}`);
    await page.getByTestId('conclude-open').click();
    const dialog = page.getByTestId('conclude-dialog');
    const previous = dialog.getByTestId('conclude-previous');
    await previous.waitFor();
    const firstDate = new Intl.DateTimeFormat('da-DK', { dateStyle: 'medium', timeZone: 'Europe/Copenhagen' }).format(new Date(Date.now() - 14 * DAY));
    expect(await previous.textContent()).toBe(`Sidst: niveau 3 – Bekymring, skala 6 (${firstDate}). Felterne starter herfra.`);
    expect(await dialog.getByTestId('conclude-level-3').isChecked()).toBe(true);
    expect(await dialog.getByTestId('conclude-sos').inputValue()).toBe('6');

    // No follow-up and no reason: the message shows, and goes as soon as a reason is written.
    await dialog.getByTestId('conclude-no-followup').check();
    await dialog.getByTestId('conclude-submit').click();
    const reasonError = dialog.locator('#conclude-reason-error');
    await reasonError.waitFor();
    expect(await dialog.getByTestId('conclude-reason').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByTestId('conclude-reason').fill('Sagen afsluttes');
    await reasonError.waitFor({ state: 'detached' });
    expect(await dialog.getByTestId('conclude-reason').getAttribute('aria-invalid')).toBeNull();

    await dialog.getByTestId('conclude-level-2').check();
    await dialog.getByTestId('conclude-sos').selectOption('8');
    await dialog.getByTestId('conclude-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    // The open case page follows (case:changed): two meetings now, and the changes count from the second.
    const timeline = school.page.getByTestId('case-timeline');
    await eventually(async () => expect(await timeline.getByTestId('timeline-version').count()).toBe(2));
    await timeline.getByTestId('timeline-version').nth(1).getByText('niveau 2 – Begyndende bekymring, skala 8').waitFor();
    await school.page.getByTestId('changes-since-last').getByTestId('changes-assessment').getByText('Uændret: niveau 2 – Begyndende bekymring').waitFor();
    expect(chair.errors).toEqual([]);
    expect(school.errors).toEqual([]);
  });

  it('[VR2] a guest reads the case but not its meetings', async () => {
    const guest = await newUser(browser, server.origin, forum.users.guest!.email);
    users.push(guest);
    await guest.page.goto(`/c/${kase.id}`);
    await guest.page.getByTestId('case-workspace').waitFor();
    await guest.page.getByTestId('read-only-notice').waitFor();
    // The versions answer 404 for a guest: neither section is shown.
    await eventually(async () => expect(await guest.page.getByTestId('case-timeline').count()).toBe(0));
    await new Promise((r) => setTimeout(r, 300));
    expect(await guest.page.getByTestId('case-timeline').count()).toBe(0);
    expect(await guest.page.getByTestId('changes-since-last').count()).toBe(0);
  });
});
