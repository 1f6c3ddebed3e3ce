/** A home for each role (docs/SPEC.md, WB9-WB12) and the phone layout (WB13-WB14), in Chromium with axe. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, todayInCopenhagen } from '../../server/features/tasks/dates.js';
import { addAgendaItem, assess, createAction, createCase, createMeeting } from '../helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum, type TestUser } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { axeSerious, closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let lead: TestUser;
let admin: TestUser;
const users: UserPage[] = [];
const DAY = 86_400_000;
let ready: { id: string; reference: string };
let fresh: { id: string; reference: string };

type Doc = { documentElement: { scrollWidth: number; clientWidth: number }; querySelector: (s: string) => { getBoundingClientRect: () => { height: number } } | null };

async function checkAxe(page: Page, what: string) {
  const violations = await axeSerious(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    member: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
  });
  const chairId = forum.users.chair!.id;
  const past = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() - 30 * DAY), status: 'CLOSED' });
  const next = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() + DAY), place: 'Rådhuset, lokale 2' });
  ready = await createCase(db, forum.forumId, chairId, { description: 'dreng, 8 år, skole i distrikt Nord' });
  fresh = await createCase(db, forum.forumId, chairId, { description: 'pige, 1 år, sundhedspleje' });
  await assess(db, { caseId: ready.id, meetingId: past.id, level: 3, recordedById: chairId });
  await createAction(db, ready.id, {
    title: 'Samtale med forældrene om morgenrutiner og søvn',
    status: 'IN_PROGRESS',
    responsibleUserId: forum.users.member!.id,
    dueDate: addDays(todayInCopenhagen(), 3),
  });
  await addAgendaItem(db, next.id, ready.id, 0);
  await addAgendaItem(db, next.id, fresh.id, 1);
  lead = await createOutsider(db, forum.municipalityId);
  await db.user.update({ where: { id: lead.id }, data: { municipalRoles: ['MANAGEMENT'], name: 'Lene Leder' } });
  admin = await createOutsider(db, forum.municipalityId);
  await db.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'], name: 'Anders Admin' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(...users);
  await browser?.close();
  await server?.close();
});

describe('web: a home for each role', () => {
  it('[WB9] the chair sees the next meeting, its agenda and which cases are unprepared and why', async () => {
    const u = await newUser(browser, server.origin, forum.users.chair!.email, { bypassCSP: true });
    users.push(u);
    const page = u.page;
    await page.goto('/');
    const chair = page.getByTestId('home-chair');
    await chair.waitFor();
    expect(await chair.textContent()).toContain('Rådhuset, lokale 2');
    const items = page.getByTestId('home-agenda-item');
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).getAttribute('data-unprepared')).toBeNull();
    expect(await items.nth(1).getAttribute('data-unprepared')).toBe('noCurrentAssessment noActions');
    expect(await items.nth(1).textContent()).toContain('Ingen aktuel vurdering');
    expect(await items.nth(1).textContent()).toContain('Ingen handlinger');
    expect(await page.getByTestId('home-unprepared-count').textContent()).toBe('1 af 2 sager er ikke forberedt');
    await checkAxe(page, 'chair home');
    await page.getByTestId('home-chair-open').click();
    await page.waitForURL((url) => url.pathname.startsWith('/m/'));
    expect(u.errors).toEqual([]);
  });

  it('[WB10] a member sees upcoming meetings and their tasks and follow-ups', async () => {
    const u = await newUser(browser, server.origin, forum.users.member!.email, { bypassCSP: true });
    users.push(u);
    const page = u.page;
    await page.goto('/');
    await page.getByTestId('home-upcoming').waitFor();
    expect(await page.getByTestId('home-meeting').count()).toBe(1);
    await page.locator('[data-testid="task-row"]', { hasText: 'Samtale med forældrene om morgenrutiner og søvn' }).waitFor();
    expect(await page.getByTestId('home-chair').count()).toBe(0);
    await checkAxe(page, 'member home');
    expect(u.errors).toEqual([]);
  });

  it('[WB11] a health visitor on a 375 px phone gets the cases to add notes to as touch targets of at least 44 px', async () => {
    const u = await newUser(browser, server.origin, forum.users.nurse!.email, { viewport: { width: 375, height: 667 }, bypassCSP: true });
    users.push(u);
    const page = u.page;
    await page.goto('/');
    const cases = page.getByTestId('home-note-case');
    await cases.first().waitFor();
    expect(await cases.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      const box = (await cases.nth(i).boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    expect(await page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    })).toBeLessThanOrEqual(0);
    await checkAxe(page, 'health visitor home');
    await cases.first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/c/'));
    expect(u.errors).toEqual([]);
  });

  it('[WB12] management gets links to the key figures for the municipality and per forum', async () => {
    const u = await newUser(browser, server.origin, lead.email, { bypassCSP: true });
    users.push(u);
    const page = u.page;
    await page.goto('/');
    await page.getByTestId('home-management').waitFor();
    expect(await page.getByTestId('home-keyfigures-municipality').getAttribute('href')).toBe('/noegletal');
    expect(await page.getByTestId('home-keyfigures-forum').getAttribute('href')).toBe(`/f/${forum.forumId}/noegletal`);
    await checkAxe(page, 'management home');
    expect(u.errors).toEqual([]);
  });

  it('[WB12] the administrator gets links to users, forums, settings and jobs', async () => {
    const u = await newUser(browser, server.origin, admin.email, { bypassCSP: true });
    users.push(u);
    const page = u.page;
    await page.goto('/');
    await page.getByTestId('home-admin').waitFor();
    const hrefs = await page.getByTestId('home-admin-link').evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute: (n: string) => string }).getAttribute('href')));
    expect(hrefs).toEqual(['/admin/brugere', '/admin/fora', '/admin/indstillinger', '/admin/job', '/admin/log']);
    await checkAxe(page, 'admin home');
    expect(u.errors).toEqual([]);
  });
});

describe('web: phone layout', () => {
  it('[WB13] [WB14] at 375 px the header is at most 64 px tall, nothing scrolls sideways and tasks are cards', async () => {
    const u = await newUser(browser, server.origin, forum.users.member!.email, { viewport: { width: 375, height: 667 }, bypassCSP: true });
    users.push(u);
    const page = u.page;
    await page.goto('/');
    await page.getByTestId('task-cards').waitFor();
    expect(await page.getByTestId('task-table').count()).toBe(0);
    const header = await page.evaluate(() => (globalThis as unknown as { document: Doc }).document.querySelector('.app-header')!.getBoundingClientRect().height);
    expect(header).toBeLessThanOrEqual(64);
    expect(await page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    })).toBeLessThanOrEqual(0);
    await checkAxe(page, 'phone home');
    // The menu opens and closes; its links are reachable.
    await page.getByTestId('nav-toggle').click();
    expect(await page.getByTestId('nav-toggle').getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('search-box').waitFor();
    await checkAxe(page, 'phone menu open');
    // Escape closes it and gives the focus back to the button; open it again.
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('nav-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute: (n: string) => string } } }).document.activeElement.getAttribute('data-testid'))).toBe('nav-toggle');
    await page.getByTestId('nav-toggle').click();
    await page.getByRole('link', { name: 'Fora' }).click();
    await page.waitForURL((url) => url.pathname === '/fora');
    // Navigating closes the menu again.
    expect(await page.getByTestId('nav-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => {
      const d = (globalThis as unknown as { document: Doc }).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    })).toBeLessThanOrEqual(0);
    expect(u.errors).toEqual([]);
  });
});
