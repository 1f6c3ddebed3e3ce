/** A health visitor in the field: a phone-sized screen opens a case and adds a note. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createCase } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let nurse: UserPage | undefined;
let caseId: string;

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
  });
  caseId = (await createCase(server.db.prisma, forum.forumId, forum.users.chair!.id, { description: 'pige, 1 år, sundhedspleje' })).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(nurse);
  await browser?.close();
  await server?.close();
});

describe('web: phone layout', () => {
  it('[WB6] a 375×667 viewport can open a case from the forum page and add a note', async () => {
    nurse = await newUser(browser, server.origin, forum.users.nurse!.email, { viewport: { width: 375, height: 667 } });
    const page = nurse.page;
    await page.goto('/fora');
    await page.getByTestId('forum-link').click();
    await page.locator(`[data-testid="case-link"][data-case-id="${caseId}"]`).click();
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();

    // Nothing is wider than the screen.
    const overflow = await page.evaluate(() => {
      const el = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return el.scrollWidth - el.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);

    const editor = page.getByTestId('concern-editor');
    await editor.scrollIntoViewIfNeeded();
    await editor.click();
    await page.keyboard.type('Hjemmebesøg: mor virker træt, barnet trives.');
    await page.locator('[data-testid="concern-editor"] .concern-run[data-sector="SUNDHEDSPLEJE"]', { hasText: 'barnet trives' }).waitFor();
    await page.locator('[data-testid="concern-label"]', { hasText: 'Sundhedspleje · Sara Lind' }).waitFor();

    // Stored on the server: a fresh load shows it.
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('[data-testid="concern-editor"]', { hasText: 'barnet trives' }).waitFor();
    expect(nurse.errors).toEqual([]);
  });
});
