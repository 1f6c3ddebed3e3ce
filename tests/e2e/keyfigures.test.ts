/**
 * The key figures page at municipal scale (docs/SPEC.md KF1-KF10), in Chromium with axe: the test database is seeded
 * once by `npm run seed:municipality` itself (scripts/seed-municipality.ts in a process of its own, as a developer
 * runs it: the small demo, then Fjordby Kommune's year of 8 forums, about 60 meetings, 400 cases and 1 200 actions).
 * Management reaches it from the home page and from Fora; the municipality's figures are real numbers, not "<5";
 * level and step names in words; no label cut off at 1366 px nor on a 375 px phone; the CSV holds exactly what the
 * tables show; a forum's page shows its own numbers where they are large enough.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { MUNICIPAL_DEMO_DOMAIN, MUNICIPAL_DEMO_NAME } from '../../server/seed/municipal.js';
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

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm run seed:municipality` against the test database: the script itself, in a process of its own. */
function seedMunicipalityCommand(databaseUrl: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-municipality.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, SAMRAAD_DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`seed:municipality exited with ${code}:\n${out}`))));
  });
}

/** The cells of a figure's table (its body rows), as shown. */
const cellsOf = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('tbody td').evaluateAll((tds) => tds.map((td) => (td as unknown as { getAttribute(n: string): string | null }).getAttribute('data-value') ?? ''));
const isNumber = (v: string) => /^-?\d+$/.test(v);

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const out = await seedMunicipalityCommand(server.databaseUrl);
  expect(out).toContain(`${MUNICIPAL_DEMO_NAME} er oprettet`);
  const db = server.db.prisma;
  const municipality = await db.municipality.findFirstOrThrow({ where: { name: MUNICIPAL_DEMO_NAME } });
  forums = await db.forum.findMany({ where: { municipalityId: municipality.id }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  // KF10's year, at its full size.
  expect(forums).toHaveLength(8);
  expect(await db.case.count({ where: { forum: { municipalityId: municipality.id } } })).toBe(400);
  expect(await db.actionItem.count({ where: { case: { forum: { municipalityId: municipality.id } } } })).toBeGreaterThan(1000);
  expect(await db.meeting.count({ where: { forum: { municipalityId: municipality.id } } })).toBeGreaterThanOrEqual(55);
  management = `leder@${MUNICIPAL_DEMO_DOMAIN}`;
  browser = await launchBrowser();
}, 240_000);
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
    // A municipality's year shows real figures: every headline is a number, and so are most cells of each table.
    expect(await page.getByTestId('kpi-down').locator('.kpi__value').textContent()).toMatch(/^\d+$/);
    expect(await page.getByTestId('kpi-down').locator('.kpi__note').textContent()).toMatch(/\d/);
    expect(await page.getByTestId('kpi-straks').locator('.kpi__value').textContent()).toMatch(/^\d+ %$/);
    expect(await page.getByTestId('kpi-straks').textContent()).toContain('Mål: 70 %');
    expect(await page.getByTestId('kpi-ontime').locator('.kpi__value').textContent()).toMatch(/^\d+ %$/);
    expect(await page.getByTestId('kpi-median').locator('.kpi__value').textContent()).toMatch(/^\d+(,\d)? dage?$/);
    expect(Number(await page.getByTestId('kpi-open').locator('.kpi__value').textContent())).toBeGreaterThanOrEqual(100);
    for (const [id, least] of [['kf-levels-table', 0.75], ['kf-steps-table', 0.5], ['kf-movements-table', 0.75], ['kf-followups-table', 0.5], ['kf-forums-table', 0.6]] as const) {
      const cells = (await cellsOf(page, id)).filter((v) => !v.endsWith('%') && v !== '–');
      const shown = cells.filter(isNumber).length;
      expect(shown / cells.length, `${id}: ${cells.join(' ')}`).toBeGreaterThanOrEqual(least);
    }
    // Each month's open cases (the levels' total column) is a number.
    const totals = await page.getByTestId('kf-levels-table').locator('tbody tr td:last-child').evaluateAll((tds) => tds.map((td) => (td as unknown as { getAttribute(n: string): string | null }).getAttribute('data-value') ?? ''));
    expect(totals.filter(isNumber), totals.join(' ')).toHaveLength(12);
    // Twelve months in each picture, and every month's row in each table.
    expect(await page.getByTestId('chart-movements').locator('.kf-row').count()).toBe(12);
    expect(await page.getByTestId('kf-levels-table').locator('tbody tr').count()).toBe(12);
    expect(await page.getByTestId('kf-forums-table').locator('tbody tr').count()).toBe(8);
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
    expect(compared).toBeGreaterThan(70);
    // The municipality's names in the file too; what is hidden on the page is hidden in the file ("<5", "x").
    expect(csv.join('\n')).toContain('Alvorligt udsat');
    expect(csv.join('\n')).toContain('Trin 2 – Hjemmebaserede indsatser');
    const hidden = (await Promise.all(tables.map((id) => cellsOf(page, id)))).flat().filter((v) => v === '<5' || v === 'x').length;
    expect(csv.join(';').split(';').filter((v) => v === '<5' || v === 'x')).toHaveLength(hidden);
  });

  it('[KF9] a forum is chosen on the page and shows its own numbers where they are large enough; management also finds the key figures on Fora', async () => {
    const user = await newUser(browser, server.origin, management, { viewport: { width: 1366, height: 900 }, bypassCSP: true });
    users.push(user);
    const { page } = user;
    await page.goto('/fora');
    await page.getByTestId('keyfigures-entry-municipality').click();
    await page.waitForURL((u) => u.pathname === '/noegletal');
    await page.getByTestId('keyfigures').waitFor();
    // The largest forum (60 of the 400 cases).
    const nord = forums.find((f) => f.name === 'SSD Nord')!;
    await page.getByTestId('kf-scope').selectOption(nord.id);
    await page.waitForURL((u) => u.pathname === `/f/${nord.id}/noegletal`);
    await page.locator('h1', { hasText: nord.name }).waitFor();
    await page.getByTestId('keyfigures').waitFor();
    expect(await page.getByTestId('kf-forums').count()).toBe(0);
    // The forum's open cases are numbers most months; its monthly first actions are mostly small: hidden, never drawn.
    const totals = await page.getByTestId('kf-levels-table').locator('tbody tr td:last-child').evaluateAll((tds) => tds.map((td) => (td as unknown as { getAttribute(n: string): string | null }).getAttribute('data-value') ?? ''));
    expect(totals.filter(isNumber).length, totals.join(' ')).toBeGreaterThanOrEqual(9);
    expect(await page.getByTestId('kpi-open').locator('.kpi__value').textContent()).toMatch(/^\d+$/);
    expect(await page.getByTestId('kf-first-table').textContent()).toMatch(/<5|x/);
    await labelsReadable(page, 1366);
    await checkAxe(page, 'key figures, a forum');
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
