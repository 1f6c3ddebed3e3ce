/**
 * The administration's job page in Chromium (O8, WB5): the administrator sees every job with its schedule,
 * state and times, a failing job with its error and attempt, in Danish and English, without serious axe
 * violations; it carries nothing about a case. Needs the built web app (`npm run build`, as `npm test` does).
 */
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { expectLogErrors } from './helpers/fail-on-console-error.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { axeSerious, closeAll, launchBrowser, newUser, type UserPage } from './e2e/helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let admin: UserPage | undefined;

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const db = server.db.prisma;
  forum = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
  await db.user.update({ where: { id: forum.users.chair!.id }, data: { municipalRoles: ['ADMIN'] } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(admin);
  await browser?.close();
  await server?.close();
});

describe('administration: background jobs', () => {
  it('[O8][WB5] the administrator sees each job\'s schedule, state, runs and last error, Danish and English, without serious axe violations', async () => {
    expectLogErrors('retention_case_failed', 'job_failed'); // the failing run is what the page shows
    const db = server.db.prisma;
    await server.runJob('reminders');
    const old = new Date();
    old.setUTCMonth(old.getUTCMonth() - 13);
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id, { status: 'CLOSED', closedAt: old });
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      await client.query(`CREATE FUNCTION refuse_case_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no %', OLD.reference; END $$`);
      await client.query('CREATE TRIGGER refuse_case_delete BEFORE DELETE ON "Case" FOR EACH ROW EXECUTE FUNCTION refuse_case_delete()');
    } finally {
      await client.end();
    }
    await expect(server.runJob('retention')).rejects.toThrow(/could not be handled/);

    admin = await newUser(browser, server.origin, forum.users.chair!.email, { bypassCSP: true });
    const page = admin.page;
    await page.goto('/admin/job');
    const table = page.getByTestId('admin-jobs');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(6);
    const mail = table.locator('tr[data-job="mail"]');
    expect(await mail.textContent()).toContain('Afsendelse af e-mails');
    expect(await mail.textContent()).toContain('Hvert minut');
    const reminders = table.locator('tr[data-job="reminders"]');
    expect(await reminders.getAttribute('data-state')).toBe('ok');
    expect(await reminders.textContent()).toContain('Hvert 5. minut');
    const retention = table.locator('tr[data-job="retention"]');
    expect(await retention.getAttribute('data-state')).toBe('retrying');
    const text = (await retention.textContent()) ?? '';
    expect(text).toContain('Sletning af afsluttede sager');
    expect(text).toContain('Dagligt kl. 03:15');
    expect(text).toContain('Fejlet – prøves igen (forsøg 2 af 4)');
    expect(text).toContain('1 of 1 expired cases could not be handled');
    expect(await page.content()).not.toContain(kase.reference);
    const violations = await axeSerious(page);
    expect(violations.map((v) => `${v.id} (${v.impact}) ${v.help}`)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Background jobs' }).waitFor();
    expect(await retention.textContent()).toContain('Failed – will retry (attempt 2 of 4)');
    expect(admin.errors).toEqual([]);
  });
});
