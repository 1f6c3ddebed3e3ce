/** The privacy panel in a browser: legal basis with consent, naming the child, the CPR warning. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createCase } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let chair: UserPage | undefined;
let caseId: string;

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
  });
  caseId = (await createCase(server.db.prisma, forum.forumId, forum.users.chair!.id, { description: 'dreng, 8 år' })).id;
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(chair);
  await browser?.close();
  await server?.close();
});

describe('web: legal basis', () => {
  it('[WB7] the chair records a consent, names the child, and a CPR number in an anonymous note is warned about', async () => {
    chair = await newUser(browser, server.origin, forum.users.chair!.email);
    const page = chair.page;
    await page.goto(`/c/${caseId}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    await page.locator('[data-testid="legal-basis"][data-kind="ANONYMOUS"]').waitFor();
    await page.getByTestId('identity-not-allowed').waitFor();

    // LB2: a CPR number typed into the anonymous concern note is warned about at once.
    const editor = page.getByTestId('concern-editor');
    await editor.click();
    await page.keyboard.type('Mor oplyser cpr 120315-1234');
    await page.getByTestId('cpr-warning').waitFor();
    for (let i = 0; i < 'Mor oplyser cpr 120315-1234'.length; i++) await page.keyboard.press('Backspace');
    await page.getByTestId('cpr-warning').waitFor({ state: 'detached' });

    // LB1/LB3: a consent through the form.
    await page.getByTestId('basis-kind-CONSENT').check();
    await page.getByTestId('consent-given-by').fill('begge forældremyndighedsindehavere');
    await page.getByTestId('consent-scope').fill('trivsel i skole og hjem');
    await page.getByTestId('consent-sector-SKOLE').check();
    await page.getByTestId('consent-purpose').fill('tidlig indsats');
    await page.getByTestId('consent-given-on').fill('2026-11-01');
    await page.getByTestId('consent-valid-until').fill('2027-11-01');
    await page.getByTestId('set-basis-submit').click();
    await page.locator('[data-testid="legal-basis"][data-kind="CONSENT"]').waitFor();
    await page.locator('[data-testid="consent-details"][data-valid="true"]').waitFor();

    await page.getByTestId('identity-edit').click();
    await page.getByTestId('identity-input-childName').fill('Emil Testbarn');
    await page.getByTestId('identity-submit').click();
    await page.locator('[data-testid="identity-childName"]', { hasText: 'Emil Testbarn' }).waitFor();

    const stored = await server.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(stored).toMatchObject({ basis: 'CONSENT', anonymous: false, childName: 'Emil Testbarn' });
    // The child's name is in no URL the page visited, and in no browser storage.
    expect(page.url()).not.toContain('Emil');
    const storage = await page.evaluate(() => {
      const g = globalThis as unknown as { localStorage: { length: number }; sessionStorage: { length: number } };
      return g.localStorage.length + g.sessionStorage.length;
    });
    expect(storage).toBe(0);
    expect(chair.errors).toEqual([]);
  });
});
