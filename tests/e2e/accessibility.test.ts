/**
 * axe-core on every page (docs/SPEC.md, WB5): no serious or critical violations. The login page; the chair's pages
 * (home, notifications, forums, forum, meeting planned and running, conclude dialog, case, key figures, document,
 * account, search, accessibility statement); each role's home with its own content (chair, member, a health visitor
 * on a 375 px phone, management, administrator; WB9-WB12); the administration's pages; and the parent's page
 * (/foraelder#token: the sign-in with the mailed code, then the shared plan; PA2-PA3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, todayInCopenhagen } from '../../server/features/tasks/dates.js';
import { apiAs } from '../helpers/api.js';
import { addAgendaItem, createAction, createCase, createFollowUp, createMeeting } from '../helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum, type TestUser } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { sharedCase } from '../parents-helpers.js';
import { axeSerious, closeAll, collectConsole, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let smtp: TestSmtp;
let forum: TestForum;
let browser: Browser;
let chair: UserPage | undefined;
const others: UserPage[] = [];
let plannedId: string;
let runningId: string;
let caseId: string;
let soonId: string;
let lead: TestUser;
let parentLink: string;
const DAY = 86_400_000;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SERVE_WEB: 'true', SMTP_URL: smtp.url, MAIL_FROM: 'Samråd <samraad@test.kommune.dk>' });
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
  });
  const kase = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'dreng, 4 år, dagtilbud' });
  const other = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'pige, 9 år, skole' });
  caseId = kase.id;
  await createAction(db, kase.id, { title: 'Samtale med forældre', responsibleUserId: forum.users.chair!.id, dueDate: '2025-01-10' });
  await createFollowUp(db, kase, { dueDate: addDays(todayInCopenhagen(), 30), responsibleUserId: forum.users.chair!.id });
  const api = await apiAs(server.url, server.origin, forum.users.chair!.email);
  plannedId = (await api.send<{ id: string }>('POST', `/api/forums/${forum.forumId}/meetings`, { startsAt: new Date(Date.now() + 90 * DAY).toISOString() })).body.id;
  await api.send('POST', `/api/meetings/${plannedId}/agenda`, { caseId: other.id, timeboxMinutes: 15 });
  runningId = (await api.send<{ id: string }>('POST', `/api/forums/${forum.forumId}/meetings`, { startsAt: '2026-11-24T09:00:00+01:00' })).body.id;
  await api.send('POST', `/api/meetings/${runningId}/agenda`, { caseId: kase.id, timeboxMinutes: 15 });
  expect((await api.send('POST', `/api/meetings/${runningId}/start`)).status).toBe(204);
  // A member's task, a meeting in two days for the member's and the health visitor's homes.
  await createAction(db, other.id, { title: 'Trivselssamtale med eleven', responsibleUserId: forum.users.school!.id, dueDate: addDays(todayInCopenhagen(), 20) });
  soonId = (await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() + 2 * DAY), place: 'Rådhuset, lokale 3' })).id;
  await addAgendaItem(db, soonId, other.id, 0);
  lead = await createOutsider(db, forum.municipalityId);
  await db.user.update({ where: { id: lead.id }, data: { municipalRoles: ['MANAGEMENT'], name: 'Lene Leder' } });
  // The parent's invitation to a named case under consent with a shared family version (PA1).
  const named = await sharedCase(server, forum, api, 'Oliver Hansen');
  const invited = await api.send<{ link: string }>('POST', `/api/parent/cases/${named.id}/invitations`, { name: 'Anne', email: 'anne@example.dk', role: 'CUSTODY_HOLDER' });
  expect(invited.status).toBe(201);
  parentLink = new URL(invited.body.link).hash;
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(chair, ...others);
  await browser?.close();
  await server?.close();
  await smtp?.close();
});

async function check(page: Page, name: string) {
  const violations = await axeSerious(page);
  expect(violations.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

describe('web: accessibility', () => {
  it('[WB5] the login page has no serious or critical axe violations', async () => {
    const context = await browser.newContext({ baseURL: server.origin, bypassCSP: true });
    const page = await context.newPage();
    const errors = collectConsole(page);
    await page.goto('/login');
    await page.getByTestId('login-email').waitFor();
    await check(page, 'login');
    await context.close();
    expect(errors).toEqual([]);
  });

  it('[WB5] every page after login has no serious or critical axe violations', async () => {
    chair = await newUser(browser, server.origin, forum.users.chair!.email, { bypassCSP: true });
    const page = chair.page;

    await page.goto('/');
    await page.getByTestId('task-table').waitFor();
    // WB9: the chair's home is the next meeting (the running one) with its agenda.
    const home = page.getByTestId('home-chair');
    await home.waitFor();
    expect(await page.getByTestId('home-agenda-item').count()).toBe(1);
    expect(await page.getByTestId('home-chair-open').getAttribute('href')).toBe(`/m/${runningId}`);
    await check(page, 'chair home');

    await page.getByTestId('notification-bell').click();
    await check(page, 'notifications open');
    await page.keyboard.press('Escape');

    await page.goto('/fora');
    await page.getByTestId('forum-link').waitFor();
    await check(page, 'forums');

    await page.goto(`/f/${forum.forumId}`);
    await page.getByTestId('case-table').waitFor();
    await check(page, 'forum');

    await page.goto(`/m/${plannedId}`);
    await page.locator('[data-testid="meeting-page"][data-status="PLANNED"]').waitFor();
    await page.getByTestId('add-agenda').waitFor();
    await check(page, 'meeting (planned)');

    await page.goto(`/m/${runningId}`);
    await page.locator('[data-testid="meeting-page"][data-status="RUNNING"]').waitFor();
    await page.locator('[data-testid="case-workspace"] [data-testid="connection-state"][data-state="connected"]').waitFor();
    await check(page, 'meeting (running)');

    await page.getByTestId('conclude-open').click();
    await page.getByTestId('conclude-level-1').waitFor();
    await check(page, 'conclude dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('conclude-level-1').waitFor({ state: 'detached' });

    await page.goto(`/c/${caseId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await page.getByTestId('action-add').click();
    await page.getByTestId('action-row').waitFor();
    await check(page, 'case');

    await page.goto(`/f/${forum.forumId}/noegletal`);
    await page.getByTestId('keyfigures').waitFor();
    await check(page, 'key figures');

    await page.goto(`/d/${forum.docName}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await check(page, 'document');

    await page.goto('/konto');
    await page.getByTestId('logout-all').waitFor();
    await check(page, 'account');

    await page.goto('/soeg');
    await page.getByTestId('search-term').waitFor();
    await check(page, 'search');

    await page.goto('/tilgaengelighed');
    await page.getByTestId('accessibility-page').waitFor();
    await check(page, 'accessibility statement');

    expect(chair.errors).toEqual([]);
  });

  it('[WB5][WB10][WB11][WB12] each role\'s home shows its own content and has no serious or critical axe violations', async () => {
    // A member: the coming meetings, their tasks.
    const member = await newUser(browser, server.origin, forum.users.school!.email, { bypassCSP: true });
    others.push(member);
    await member.page.goto('/');
    await member.page.getByTestId('home-upcoming').waitFor();
    const meetings = member.page.getByTestId('home-meeting');
    expect(await meetings.count()).toBe(3); // the running one, the one in two days, the planned one
    expect(await meetings.nth(1).textContent()).toContain('Rådhuset, lokale 3');
    expect(await meetings.nth(1).locator('a').getAttribute('href')).toBe(`/m/${soonId}`);
    await member.page.locator('[data-testid="task-row"]', { hasText: 'Trivselssamtale med eleven' }).waitFor();
    expect(await member.page.getByTestId('home-chair').count()).toBe(0);
    await check(member.page, 'member home');
    expect(member.errors).toEqual([]);

    // A health visitor on a phone: the cases of the forum to add notes to, as large touch targets.
    const nurse = await newUser(browser, server.origin, forum.users.nurse!.email, { viewport: { width: 375, height: 667 }, bypassCSP: true });
    others.push(nurse);
    await nurse.page.goto('/');
    const cases = nurse.page.getByTestId('home-note-case');
    await cases.first().waitFor();
    expect(await cases.count()).toBe(3);
    expect(await cases.first().getAttribute('href')).toMatch(/^\/c\//);
    const texts = (await cases.allTextContents()).join(' | ');
    for (const description of ['dreng, 4 år, dagtilbud', 'pige, 9 år, skole']) expect(texts).toContain(description);
    for (let i = 0; i < 3; i++) expect((await cases.nth(i).boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await check(nurse.page, 'health visitor home (375 px)');
    expect(nurse.errors).toEqual([]);

    // Management: the key figures of the municipality and of each forum, nothing about a child.
    const management = await newUser(browser, server.origin, lead.email, { bypassCSP: true });
    others.push(management);
    await management.page.goto('/');
    await management.page.getByTestId('home-management').waitFor();
    expect(await management.page.getByTestId('home-keyfigures-municipality').getAttribute('href')).toBe('/noegletal');
    expect(await management.page.getByTestId('home-keyfigures-forum').getAttribute('href')).toBe(`/f/${forum.forumId}/noegletal`);
    expect(await management.page.getByTestId('home-tasks').count()).toBe(0);
    await check(management.page, 'management home');
    await management.page.goto('/noegletal');
    await management.page.getByTestId('keyfigures').waitFor();
    await check(management.page, 'key figures, municipality');
    expect(management.errors).toEqual([]);
  });

  it('[WB5][PA2][PA3] the parent\'s page, signing in with the mailed code and then the shared plan, has no serious or critical axe violations', async () => {
    // A browser of the parent's own: no member session.
    const context = await browser.newContext({ baseURL: server.origin, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = collectConsole(page);
    others.push({ context, page, errors, downloadDir: '' });
    await page.goto(`/foraelder${parentLink}`);
    await page.getByLabel('Din e-mailadresse').waitFor();
    await check(page, 'parent sign-in');
    await page.getByLabel('Din e-mailadresse').fill('anne@example.dk');
    await page.getByRole('button', { name: 'Send kode' }).click();
    await page.getByLabel('Kode (6 cifre)').waitFor();
    await check(page, 'parent code');
    await server.runJob('mail');
    const mails = smtp.mailsTo('anne@example.dk');
    const code = /(\d{6})/.exec(mails[mails.length - 1]!.text)![1]!;
    await page.getByLabel('Kode (6 cifre)').fill(code);
    await page.getByRole('button', { name: 'Log ind' }).click();
    const plan = page.getByTestId('parent-plan');
    await plan.waitFor();
    expect(await plan.textContent()).toContain('Vi er bekymrede for Oliver Hansens fravær.');
    await check(page, 'parent page');
    // The statement is linked from the parent's page too (WB19).
    expect(await page.getByRole('link', { name: 'Tilgængelighed' }).getAttribute('href')).toBe('/tilgaengelighed');
    // The parent's page asks /api/parent/view before sign-in; that 401 is expected.
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  it('[WB5] the administration pages have no serious or critical axe violations', async () => {
    const db = server.db.prisma;
    const hash = (await db.user.findUniqueOrThrow({ where: { id: forum.users.chair!.id } })).passwordHash;
    await db.user.create({
      data: { municipalityId: forum.municipalityId, email: 'admin-a11y@test.samraad.dk', name: 'Birgit Admin', municipalRoles: ['ADMIN'], passwordHash: hash },
    });
    const admin = await newUser(browser, server.origin, 'admin-a11y@test.samraad.dk', { bypassCSP: true });
    try {
      const page = admin.page;
      // WB12: the administrator's home links to users, forums, settings, jobs and the access log.
      await page.goto('/');
      await page.getByTestId('home-admin').waitFor();
      const hrefs = await page.getByTestId('home-admin-link').evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute: (n: string) => string }).getAttribute('href')));
      expect(hrefs).toEqual(['/admin/brugere', '/admin/fora', '/admin/indstillinger', '/admin/job', '/admin/log']);
      await check(page, 'administrator home');
      for (const [path, testId] of [
        ['/admin/brugere', 'admin-users-page'],
        ['/admin/fora', 'admin-forums-page'],
        ['/admin/log', 'audit-search-form'],
        ['/admin/indstillinger', 'admin-settings-save'],
        ['/admin/job', 'admin-jobs-page'],
      ] as const) {
        await page.goto(path);
        await page.getByTestId(testId).first().waitFor();
        await check(page, path);
      }
      expect(admin.errors).toEqual([]);
    } finally {
      await closeAll(admin);
    }
  });
});
