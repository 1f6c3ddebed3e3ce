/** axe-core on every page: no serious or critical violations. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiAs } from '../helpers/api.js';
import { createAction, createCase, createFollowUp } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { axeSerious, closeAll, collectConsole, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let chair: UserPage | undefined;
let plannedId: string;
let runningId: string;
let caseId: string;

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
  });
  const kase = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'dreng, 4 år, dagtilbud' });
  const other = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'pige, 9 år, skole' });
  caseId = kase.id;
  await createAction(db, kase.id, { title: 'Samtale med forældre', responsibleUserId: forum.users.chair!.id, dueDate: '2025-01-10' });
  await createFollowUp(db, kase, { dueDate: '2030-01-01', responsibleUserId: forum.users.chair!.id });
  const api = await apiAs(server.url, server.origin, forum.users.chair!.email);
  plannedId = (await api.send<{ id: string }>('POST', `/api/forums/${forum.forumId}/meetings`, { startsAt: '2030-03-01T09:00:00+01:00' })).body.id;
  await api.send('POST', `/api/meetings/${plannedId}/agenda`, { caseId: other.id, timeboxMinutes: 15 });
  runningId = (await api.send<{ id: string }>('POST', `/api/forums/${forum.forumId}/meetings`, { startsAt: '2026-11-24T09:00:00+01:00' })).body.id;
  await api.send('POST', `/api/meetings/${runningId}/agenda`, { caseId: kase.id, timeboxMinutes: 15 });
  expect((await api.send('POST', `/api/meetings/${runningId}/start`)).status).toBe(204);
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(chair);
  await browser?.close();
  await server?.close();
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
    await check(page, 'my tasks');

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

  it('[WB5] the administration pages have no serious or critical axe violations', async () => {
    const db = server.db.prisma;
    const hash = (await db.user.findUniqueOrThrow({ where: { id: forum.users.chair!.id } })).passwordHash;
    await db.user.create({
      data: { municipalityId: forum.municipalityId, email: 'admin-a11y@test.samraad.dk', name: 'Birgit Admin', municipalRoles: ['ADMIN'], passwordHash: hash },
    });
    const admin = await newUser(browser, server.origin, 'admin-a11y@test.samraad.dk', { bypassCSP: true });
    try {
      const page = admin.page;
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
