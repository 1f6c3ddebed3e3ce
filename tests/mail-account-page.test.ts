/** The account page's e-mail choices in Chromium (docs/SPEC.md, ML2): the defaults, saving them, and no serious axe violations. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeSerious, closeAll, launchBrowser, newUser, type UserPage } from './e2e/helpers.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let user: UserPage | undefined;

beforeAll(async () => {
  // No SMTP settings in a test: the page says mails are only logged.
  server = await startTestServer({ SERVE_WEB: 'true' });
  forum = await createForum(server.db.prisma, { school: { sector: 'SKOLE', role: 'MEMBER' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(user);
  await browser?.close();
  await server?.close();
});

describe('account page: e-mails', () => {
  it('[ML2] the member sees every kind with its default, switches "due tomorrow" on and English, saves, and finds it so after a reload', async () => {
    user = await newUser(browser, server.origin, forum.users.school!.email, { bypassCSP: true });
    const { page } = user;
    await page.goto('/konto');
    const section = page.getByTestId('mail-section');
    await section.getByRole('heading', { name: 'E-mails fra Samråd' }).waitFor();
    await section.getByText('Udviklingstilstand: e-mails skrives kun i serverens log').waitFor();
    for (const kind of ['ACTION_ASSIGNED', 'OVERDUE', 'AGENDA_PUBLISHED', 'REPORT_DUTY', 'ACCESS_REMOVED']) {
      expect(await page.getByTestId(`mail-kind-${kind}`).isChecked()).toBe(true);
    }
    expect(await page.getByTestId('mail-kind-DUE_TOMORROW').isChecked()).toBe(false);
    expect(await page.getByTestId('mail-lang-da').isChecked()).toBe(true);
    const violations = await axeSerious(page);
    expect(violations.map((v) => `${v.id} (${v.impact}) ${v.help}`)).toEqual([]);

    await page.getByLabel('en af mine opgaver eller opfølgninger har frist i morgen').check();
    await page.getByTestId('mail-kind-AGENDA_PUBLISHED').uncheck();
    await page.getByTestId('mail-lang-en').check();
    await page.getByTestId('mail-save').click();
    await section.getByRole('status').filter({ hasText: 'Dine e-mailvalg er gemt.' }).waitFor();
    const stored = await server.db.prisma.user.findUniqueOrThrow({ where: { id: forum.users.school!.id }, select: { mailKinds: true, mailLanguage: true } });
    expect(stored).toEqual({ mailKinds: ['ACTION_ASSIGNED', 'DUE_TOMORROW', 'OVERDUE', 'REPORT_DUTY', 'ACCESS_REMOVED'], mailLanguage: 'en' });

    await page.reload();
    await page.getByTestId('mail-kind-DUE_TOMORROW').waitFor();
    expect(await page.getByTestId('mail-kind-DUE_TOMORROW').isChecked()).toBe(true);
    expect(await page.getByTestId('mail-kind-AGENDA_PUBLISHED').isChecked()).toBe(false);
    expect(await page.getByTestId('mail-lang-en').isChecked()).toBe(true);
    expect(user.errors).toEqual([]);
  });
});
