import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createForum, type TestForum } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let a: UserPage | undefined;
let b: UserPage | undefined;

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(a, b);
  await browser?.close();
  await server?.close();
});

describe('web: forum document', () => {
  it('[WB1] two users co-edit a forum document live: text, presence and connection state', async () => {
    a = await newUser(browser, server.origin, forum.users.chair!.email);
    b = await newUser(browser, server.origin, forum.users.school!.email);
    // Through the documents list, like a user would.
    await a.page.goto('/dokumenter');
    await a.page.getByTestId('doc-link').first().click();
    await b.page.goto(`/d/${forum.docName}`);
    for (const u of [a, b]) await u.page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    expect(await a.page.getByTestId('connection-state').innerText()).toContain('Forbundet');

    await a.page.getByTestId('editor').click();
    await a.page.keyboard.type('Fælles notat fra SSD');
    await b.page.getByTestId('editor').getByText('Fælles notat fra SSD').waitFor();

    await b.page.getByTestId('editor').click();
    await b.page.keyboard.press('End');
    await b.page.keyboard.type(' – skolen supplerer');
    await a.page.getByTestId('editor').getByText('skolen supplerer', { exact: false }).waitFor();

    for (const u of [a, b]) {
      await u.page.locator(`[data-testid="presence-item"][data-user-id="${forum.users.chair!.id}"]`).waitFor();
      await u.page.locator(`[data-testid="presence-item"][data-user-id="${forum.users.school!.id}"]`).waitFor();
    }
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
