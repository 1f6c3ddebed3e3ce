/**
 * The key figures page at municipal-scale data (docs/SPEC.md KF1-KF9), in Chromium with axe: a smaller but
 * non-trivial year seeded by the municipal seed (4 forums, 120 cases, their meetings, actions and follow-ups),
 * reached by management from the home page and from Fora; level and step names in words; no label cut off at
 * 1366 px nor on a 375 px phone; the CSV holds exactly what the tables show; the scope can be changed to a forum.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedMunicipality } from '../../server/seed/municipal.js';
import { PASSWORD } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { axeSerious, closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let browser: Browser;
let management: string;
let forums: Array<{ id: string; name: string }>;
const users: UserPage[] = [];

async function checkAxe(page: Page, what: string) {
  const violations = await axeSerious(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

type El = { getBoundingClientRect(): { left: number; right: number }; scrollWidth: number; clientWidth: number; textContent: string | null };
type Doc = { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(s: string): ArrayLike<El> };

/** Every chart label and table header lies inside the window and shows its whole text. */
async function labelsReadable(page: Page, width: number) {
  const problems = await page.evaluate((w) => {
    const doc = (globalThis as unknown as { document: Doc }).document;
    const out: string[] = [];
    for (const el of Array.from(doc.querySelectorAll('.kf-row__label, .kf-legend li, .kpi__label'))) {
      const r = el.getBoundingClientRect();
      if (r.left < 0 || r.right > w + 0.5) out.push(`outside: ${el.textContent}`);
      if (el.scrollWidth > el.clientWidth + 1) out.push(`cut: ${el.textContent}`);
    }
    if (doc.documentElement.scrollWidth > doc.documentElement.clientWidth + 1) {
      out.push(`page scrolls sideways: ${doc.documentElement.scrollWidth}`);
      // Name the first few elements that reach past the window.
      const wide = Array.from(doc.querySelectorAll('body *')).filter((el) => el.getBoundingClientRect().right > w + 1);
      for (const el of wide.slice(0, 5)) out.push(`too wide: ${(el as unknown as { tagName: string }).tagName}.${(el as unknown as { className: string }).className}`);
    }
    return out;
  }, width);
  expect(problems).toEqual([]);
}

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const result = await seedMunicipality(server.db, { forums: 4, cases: 120, password: PASSWORD, name: 'Testby Kommune' });
  management = result.users.find((u) => u.what.startsWith('ledelse'))!.email;
  forums = await server.db.prisma.forum.findMany({ where: { municipalityId: result.municipalityId }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  expect(result.cases).toBe(120);
  expect(result.actions).toBeGreaterThan(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(...users);
  await browser?.close();
  await server?.close();
});

describe('key figures in the browser', () => {
  it('[KF9][KF8][KF7] management goes from home to the municipality\'s year; names in words, nothing cut off at 1366 px; the CSV is the tables', async () => {
    const user = await newUser(browser, server.origin, management, { viewport: { width: 1366, height: 900 }, bypassCSP: true });
    users.push(user);
    const { page } = user;
    await page.getByTestId('home-keyfigures-municipality').click();
    await page.waitForURL((u) => u.pathname === '/noegletal');
    await page.getByTestId('keyfigures').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Nøgletal – Hele kommunen');
    // Level names from the municipality's settings, steps from the ladder, in words.
    const levels = page.getByTestId('kf-levels');
    for (const name of ['1 – Trives', '3 – Udsat', '5 – Truet', 'Ikke vurderet']) expect(await levels.locator('.kf-legend').textContent()).toContain(name);
    expect(await page.getByTestId('kf-steps').locator('thead').textContent()).toContain('Trin 2 – Hjemmebaserede indsatser');
    // Municipal totals are large enough to show: the year's movements and the straks share are numbers.
    expect(await page.getByTestId('kpi-down').locator('.kpi__value').textContent()).toMatch(/^\d+$/);
    expect(await page.getByTestId('kpi-straks').locator('.kpi__value').textContent()).toMatch(/^\d+ %$/);
    expect(await page.getByTestId('kpi-straks').textContent()).toContain('Mål: 70 %');
    // Twelve months in each picture, and every month's row in each table.
    expect(await page.getByTestId('chart-movements').locator('.kf-row').count()).toBe(12);
    expect(await page.getByTestId('kf-levels-table').locator('tbody tr').count()).toBe(12);
    expect(await page.getByTestId('kf-forums-table').locator('tbody tr').count()).toBe(4);
    await labelsReadable(page, 1366);
    await checkAxe(page, 'key figures, municipality');

    // The CSV: one line per table row, the cells exactly as shown.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('kf-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^noegletal-kommune-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
    const file = `${user.downloadDir}/noegletal.csv`;
    await download.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    const tables = ['kf-movements-table', 'kf-levels-table', 'kf-steps-table', 'kf-first-table', 'kf-followups-table', 'kf-forums-table'];
    let compared = 0;
    for (const id of tables) {
      const rows = await page.getByTestId(id).evaluate((table) => {
        const t = table as unknown as { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }>; querySelector(s: string): { textContent: string | null } | null }> };
        return Array.from(t.querySelectorAll('tbody tr, tfoot tr')).map((tr) => ({
          month: tr.getAttribute('data-month'),
          head: tr.querySelector('th')?.textContent ?? '',
          cells: Array.from(tr.querySelectorAll('td')).map((td) => td.getAttribute('data-value') ?? ''),
        }));
      });
      for (const r of rows) {
        const first = id === 'kf-forums-table' || r.month === 'median' ? r.head : r.month === 'total' ? 'I alt' : r.month;
        expect(csv, `${id} ${r.month}`).toContain([first, ...r.cells].join(';'));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(60);
    // What is hidden on the page is hidden in the file: the same "<5" and "x".
    expect(csv.join('\n')).toContain('<5');
  });

  it('[KF9] a forum is chosen on the page; management also finds the key figures on Fora', async () => {
    const user = await newUser(browser, server.origin, management, { viewport: { width: 1366, height: 900 } });
    users.push(user);
    const { page } = user;
    await page.goto('/fora');
    await page.getByTestId('keyfigures-entry-municipality').click();
    await page.waitForURL((u) => u.pathname === '/noegletal');
    await page.getByTestId('keyfigures').waitFor();
    await page.getByTestId('kf-scope').selectOption(forums[1]!.id);
    await page.waitForURL((u) => u.pathname === `/f/${forums[1]!.id}/noegletal`);
    await page.locator('h1', { hasText: forums[1]!.name }).waitFor();
    await page.getByTestId('keyfigures').waitFor();
    expect(await page.getByTestId('kf-forums').count()).toBe(0);
    // A forum's monthly figures are mostly small: hidden, never drawn as numbers.
    expect(await page.getByTestId('kf-first-table').textContent()).toMatch(/<5|x/);
    expect(user.errors).toEqual([]);
  });

  it('[KF8] on a 375 px phone every label reads whole and only the tables scroll sideways; axe stays clean', async () => {
    const user = await newUser(browser, server.origin, management, { viewport: { width: 375, height: 812 }, bypassCSP: true });
    users.push(user);
    const { page } = user;
    await page.goto('/noegletal');
    await page.getByTestId('keyfigures').waitFor();
    await labelsReadable(page, 375);
    // The wide tables scroll in their own region, which the keyboard can reach.
    const wrap = page.getByTestId('kf-steps').locator('.kf-table-wrap');
    expect(await wrap.getAttribute('tabindex')).toBe('0');
    await checkAxe(page, 'key figures on a phone');
    expect(user.errors).toEqual([]);
  });
});
