/**
 * The hand-over in the browser (docs/SPEC.md, HO7-HO11): after the meeting closes, the school's member downloads
 * the school's packet from the meeting page and marks it filed with their own journal number; the chair's view of
 * every sector shows it filed by them, the other sectors not yet. Content is typed by a real Yjs client; the
 * meeting runs over HTTP.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import type { MeetingDetail, MyTasks } from '../../shared/api.js';
import { readCaseContent } from '../../server/features/cases/content.js';
import type { HandoverTask } from '../../server/features/handover/types.js';
import { addDays, todayInCopenhagen } from '../../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from '../helpers/api.js';
import { connectProvider, eventually, synced, wsTokenAs, type TestProvider } from '../helpers/clients.js';
import { createCase, createMeeting } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { pdfText } from '../helpers/pdf-text.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { axeSerious, closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let chairApi: ApiClient;
let schoolApi: ApiClient;
let kase: { id: string; reference: string; documentId: string };
let meetingId: string;
const providers: TestProvider[] = [];
const users: UserPage[] = [];

const entry = (fields: Record<string, unknown>) => new Y.Map<unknown>([['id', crypto.randomUUID()], ...Object.entries(fields)]);

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Anna Jensen' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
  });
  kase = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'dreng, 7 år, skole i distrikt Nord' });
  const { docName } = await db.document.findUniqueOrThrow({ where: { id: kase.documentId } });
  [chairApi, schoolApi] = await Promise.all([
    apiAs(server.url, server.origin, forum.users.chair!.email),
    apiAs(server.url, server.origin, forum.users.school!.email),
  ]);
  const p = connectProvider(server.wsUrl, docName, { token: await wsTokenAs(server, forum.users.school!.email) });
  providers.push(p);
  await synced(p);
  p.doc.transact(() => {
    const para = new Y.XmlElement('paragraph');
    para.insert(0, [new Y.XmlText('Kommer ofte sent og virker træt.')]);
    p.doc.getXmlFragment('prosemirror').push([para]);
    p.doc.getArray('actions').push([
      entry({ title: 'Samtale med forældre', responsibleUserId: forum.users.school!.id, ladderStep: 0, dueDate: addDays(todayInCopenhagen(), 7), status: 'PLANNED' }),
    ]);
  });
  await eventually(async () => expect((await readCaseContent(db, kase.documentId, forum.forumId)).actions).toHaveLength(1));

  const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date('2026-11-24T08:00:00Z') });
  meetingId = meeting.id;
  expect((await chairApi.send('POST', `/api/meetings/${meetingId}/agenda`, { caseId: kase.id })).status).toBe(204);
  const { chair, school, nurse } = forum.users;
  await chairApi.send('PUT', `/api/meetings/${meetingId}/participants`, { userIds: [chair!.id, school!.id, nurse!.id], guestLabels: [] });
  expect((await chairApi.send('POST', `/api/meetings/${meetingId}/start`)).status).toBe(204);
  const [item] = (await chairApi.get<MeetingDetail>(`/api/meetings/${meetingId}`)).body.agenda;
  expect((await chairApi.send('POST', `/api/meetings/${meetingId}/items/${item!.id}/conclude`, {
    level: 3, sosScale: 6, outcome: 'Skolen taler med forældrene.', followUp: null, noFollowUpReason: 'Næste møde følger op',
  })).status).toBe(204);
  expect((await chairApi.send('POST', `/api/meetings/${meetingId}/close`)).status).toBe(204);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await closeAll(...users);
  await browser?.close();
  await server?.close();
});

const handoverTasks = async (as: ApiClient) => (await as.get<MyTasks & { handovers: HandoverTask[] }>('/api/me/tasks')).body.handovers;

describe('web: the hand-over packet', () => {
  it('[HO7][HO9][HO10][HO11] a member downloads the school\'s packet and marks it filed; the chair sees it filed, the other sectors not', async () => {
    const chair = await newUser(browser, server.origin, forum.users.chair!.email, { bypassCSP: true });
    const school = await newUser(browser, server.origin, forum.users.school!.email, { bypassCSP: true });
    users.push(chair, school);

    // The chair's page is open before the school files: every sector's packet, none downloaded yet.
    await chair.page.goto(`/m/${meetingId}`);
    const status = chair.page.getByTestId('handover-status');
    await status.getByRole('heading', { name: 'Journalisering pr. sektor' }).waitFor();
    const row = (sector: string) => status.locator(`[data-testid="handover-status-row"][data-case="${kase.reference}"][data-sector="${sector}"]`);
    await row('SKOLE').getByText('Ikke hentet').waitFor();
    await row('SUNDHEDSPLEJE').getByText('Ikke hentet').waitFor();
    await row('SOCIAL').getByText('Ikke hentet').waitFor();

    expect((await handoverTasks(schoolApi)).map((t) => t.case.reference)).toEqual([kase.reference]);

    // The school's member: the packet is a task in "Mine opgaver" that leads to the meeting's hand-over.
    const page = school.page;
    await page.goto('/');
    const task = page.locator('[data-testid="task-row"]', { hasText: 'Overleveringspakke til journalisering (Skole)' });
    await task.waitFor();
    await task.getByRole('link', { name: `Sag ${kase.reference}` }).click();
    await page.waitForURL(`**/m/${meetingId}`);
    const panel = page.getByTestId('handover');
    await panel.getByRole('heading', { name: 'Overlevering til journalisering' }).waitFor();
    expect(await panel.getByTestId('handover-status').count()).toBe(0);
    const packet = panel.locator(`[data-testid="handover-packet"][data-case="${kase.reference}"]`);
    expect(await panel.getByTestId('handover-packet').count()).toBe(1);
    await packet.getByTestId('handover-filing').getByText('Ikke journaliseret endnu').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), packet.getByRole('button', { name: `Hent PDF for sag ${kase.reference}` }).click()]);
    expect(download.suggestedFilename()).toBe(`overlevering-${kase.reference}-skole-2026-11-24.pdf`);
    const file = `${school.downloadDir}/packet.pdf`;
    await download.saveAs(file);
    const text = pdfText(fs.readFileSync(file)).replace(/\s+/g, ' ');
    expect(text).toContain('Overlevering til journalisering');
    expect(text).toContain('Samtale med forældre – Anna Jensen (Skole)');
    await packet.getByText('Pakken er hentet.').waitFor();

    // A CPR-shaped number is refused before anything is sent; then the school's own number.
    const input = packet.getByTestId('handover-external-ref');
    await input.fill('010120-1234');
    await packet.getByTestId('handover-mark-filed').click();
    await packet.getByText('Det ligner et CPR-nummer.', { exact: false }).waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await input.fill('E-2026/118');
    await packet.getByRole('button', { name: `Markér sag ${kase.reference} som journaliseret` }).click();
    await packet.getByTestId('handover-filing').getByText(/Journaliseret af Anna Jensen den .+ \(j\.nr\. E-2026\/118\)/).waitFor();
    await packet.getByText(`Sag ${kase.reference} er markeret som journaliseret.`).waitFor();
    expect(await handoverTasks(schoolApi)).toEqual([]);

    const schoolViolations = await axeSerious(page);
    expect(schoolViolations, JSON.stringify(schoolViolations, null, 2)).toEqual([]);

    // The chair refreshes: the school's packet downloaded and filed by Anna Jensen; the others still open.
    await status.getByTestId('handover-refresh').click();
    await row('SKOLE').getByText(/Journaliseret af Anna Jensen den .+ \(j\.nr\. E-2026\/118\)/).waitFor();
    await row('SUNDHEDSPLEJE').getByText('Ikke hentet').waitFor();
    // The chair files their own sector's packet too, from the same page.
    const own = chair.page.getByTestId('handover').locator(`[data-testid="handover-packet"][data-case="${kase.reference}"]`);
    await own.getByTestId('handover-mark-filed').click();
    await row('SOCIAL').getByText(/Journaliseret af Ahmed Nielsen den/).waitFor();

    const chairViolations = await axeSerious(chair.page);
    expect(chairViolations, JSON.stringify(chairViolations, null, 2)).toEqual([]);
    expect(school.errors).toEqual([]);
    expect(chair.errors).toEqual([]);
  });
});
