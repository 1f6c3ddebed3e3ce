/**
 * Case search in the browser (docs/SPEC.md, SE11, SE13): a stem typed in the header's "Søg i sager" finds the case with a
 * highlighted snippet (text in <mark>, never markup from the note), the results page filters and is keyboard
 * usable, the result opens the case, the term never enters the URL, and axe finds nothing serious. Danish and English.
 * A word's beginning finds its compounds.
 * Content is written by a real Yjs client and indexed by the mirror.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as Y from 'yjs';
import { connectProvider, eventually, synced, wsTokenAs, type TestProvider } from '../helpers/clients.js';
import { createCase } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { axeSerious, closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let morning: { id: string; reference: string };
let closed: { id: string; reference: string };
const providers: TestProvider[] = [];
const users: UserPage[] = [];

async function writeNote(documentId: string, paragraphs: string[]): Promise<void> {
  const { docName } = await server.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
  const p = connectProvider(server.wsUrl, docName, { token: await wsTokenAs(server, forum.users.school!.email) });
  providers.push(p);
  await synced(p);
  p.doc.transact(() => {
    for (const text of paragraphs) {
      const el = new Y.XmlElement('paragraph');
      el.insert(0, [new Y.XmlText(text)]);
      p.doc.getXmlFragment('prosemirror').push([el]);
    }
  });
}

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Anna Jensen' },
  });
  morning = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'dreng, 7 år, skole i distrikt Nord' }).then(async (c) => {
    await writeNote(c.documentId, ['Skolen ser svære morgenrutiner og meget fravær <b>om mandagen</b>.']);
    return c;
  });
  closed = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'pige, 9 år' }).then(async (c) => {
    await writeNote(c.documentId, ['Morgenrutinen er blevet bedre.']); // written while open (CS3)…
    return c;
  });
  // …indexed by the mirror, then closed (the index follows the status at once).
  const pool = server.db.pool;
  await eventually(async () => {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "CaseSearch" WHERE "caseId" = ANY($1) AND concern <> ''`, [[morning.id, closed.id]]);
    expect(rows[0].n).toBe(2);
  }, 15_000, 200);
  await db.case.update({ where: { id: closed.id }, data: { status: 'CLOSED', closedAt: new Date() } });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await closeAll(...users);
  await browser?.close();
  await server?.close();
});

describe('web: search in cases', () => {
  it('[SE11] a stem typed in the header finds the case with a highlighted snippet; filters; the result opens the case; no term in the URL; axe clean', async () => {
    const user = await newUser(browser, server.origin, forum.users.chair!.email, { bypassCSP: true });
    users.push(user);
    const page = user.page;
    const box = page.getByRole('search', { name: 'Søg i sager' }).getByRole('searchbox', { name: 'Søg i sager' });
    await box.waitFor();
    // Keyboard only: focus the box, type the stem, Enter.
    await box.focus();
    await page.keyboard.type('morgenrutine');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/soeg');
    expect(page.url()).not.toContain('morgenrutine');
    await page.getByRole('heading', { level: 1, name: 'Søg i sager' }).waitFor();
    const status = page.getByTestId('search-status');
    await status.getByText('2 sager matcher "morgenrutine".').waitFor();
    const results = page.getByTestId('search-result');
    expect(await results.count()).toBe(2);
    const first = results.filter({ has: page.locator(`a[href="/c/${morning.id}"]`) });
    const snippet = first.getByTestId('snippet-concern');
    await snippet.waitFor();
    expect(await snippet.locator('mark').allTextContents()).toEqual(['morgenrutiner']);
    expect(await snippet.textContent()).toContain('svære morgenrutiner og meget fravær');
    expect(await snippet.locator('b').count()).toBe(0); // markup typed into the note is never rendered
    await first.getByText('Bekymring', { exact: true }).waitFor(); // the field's name

    const violations = await axeSerious(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // Filter by status, by keyboard: the closed case alone.
    await page.getByLabel('Status', { exact: true }).selectOption('CLOSED');
    await page.getByTestId('search-submit').press('Enter');
    await status.getByText('1 sag matcher "morgenrutine".').waitFor();
    await results.filter({ hasText: `Sag ${closed.reference}` }).waitFor();
    expect(await results.count()).toBe(1);
    await page.getByRole('button', { name: 'Nulstil afgrænsning' }).click();
    await page.getByTestId('search-submit').click();
    await status.getByText('2 sager matcher "morgenrutine".').waitFor();

    // English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Search cases' }).waitFor();
    await status.getByText('2 cases match "morgenrutine".').waitFor();
    await first.getByText('Concern', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Dansk' }).click();

    // The result is a link to the case; it opens with Enter.
    const link = first.getByRole('link', { name: new RegExp(`Sag ${morning.reference}`) });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/c/${morning.id}`);
    await page.getByTestId('case-description').getByText('dreng, 7 år, skole i distrikt Nord').waitFor();

    // Back: the results are there again, from memory (never from the URL or storage).
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/soeg');
    await status.getByText('2 sager matcher "morgenrutine".').waitFor();
    const stored = await page.evaluate(() => {
      const g = globalThis as unknown as { localStorage: { length: number }; sessionStorage: { length: number } };
      return g.localStorage.length + g.sessionStorage.length;
    });
    expect(stored).toBe(0);
    expect(user.errors).toEqual([]);
  });

  it('[SE13] the beginning of a word finds its compounds: "morgen" finds "morgenrutiner" and "Morgenrutinen", marked', async () => {
    const user = await newUser(browser, server.origin, forum.users.chair!.email);
    users.push(user);
    const page = user.page;
    const box = page.getByRole('searchbox', { name: 'Søg i sager' });
    await box.fill('morgen');
    await box.press('Enter');
    await page.waitForURL((url) => url.pathname === '/soeg');
    await page.getByTestId('search-status').getByText('2 sager matcher "morgen".').waitFor();
    const marks = (await page.getByTestId('snippet-concern').locator('mark').allTextContents()).sort();
    expect(marks).toEqual(['Morgenrutinen', 'morgenrutiner']);
    expect(user.errors).toEqual([]);
  });

  it('[SE11] a term too short is explained at the field, nothing is searched', async () => {
    const user = await newUser(browser, server.origin, forum.users.school!.email);
    users.push(user);
    const page = user.page;
    const box = page.getByRole('searchbox', { name: 'Søg i sager' });
    await box.fill('m');
    await box.press('Enter');
    await page.waitForURL((url) => url.pathname === '/soeg');
    await page.getByText('Skriv mindst 2 tegn.').waitFor();
    expect(await page.getByRole('searchbox', { name: 'Søgeord' }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('search-result').count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Søgeord' }).fill('fravær');
    await page.getByTestId('search-submit').click();
    await page.getByTestId('search-status').getByText('1 sag matcher "fravær".').waitFor();
    expect(await page.getByTestId('snippet-concern').locator('mark').allTextContents()).toEqual(['fravær']);
    expect(user.errors).toEqual([]);
  });
});
