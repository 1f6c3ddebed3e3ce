/**
 * Parents taking part in the browser (docs/SPEC.md, PA1-PA4): the chair invites a custody holder on the meeting
 * page and gets the link; the parent opens it in a browser of their own, signs in with the code from the test SMTP
 * server, reads the shared plan and adds their words, which the chair then sees. Axe finds no serious violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiAs } from '../helpers/api.js';
import { addAgendaItem, createMeeting } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { sharedCase } from '../parents-helpers.js';
import { axeSerious, closeAll, collectConsole, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let smtp: TestSmtp;
let forum: TestForum;
let browser: Browser;
const users: UserPage[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SERVE_WEB: 'true', SMTP_URL: smtp.url, MAIL_FROM: 'Samråd <samraad@test.kommune.dk>' });
  forum = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(...users);
  await browser?.close();
  await server?.close();
  await smtp?.close();
});

describe('parents in the browser', () => {
  it('[PA1][PA2][PA3][PA4] the chair invites, the parent signs in with the mailed code, reads the plan and adds their words; axe clean', async () => {
    const db = server.db.prisma;
    const chairApi = await apiAs(server.url, server.origin, forum.users.chair!.email);
    const kase = await sharedCase(server, forum, chairApi, 'Oliver Hansen');
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() + 2 * 86_400_000), place: 'Rådhuset' });
    await addAgendaItem(db, meeting.id, kase.id, 1);

    const chair = await newUser(browser, server.origin, forum.users.chair!.email, { bypassCSP: true });
    users.push(chair);
    await chair.page.goto(`/m/${meeting.id}`);
    const panel = chair.page.getByTestId('parents-panel');
    await panel.getByLabel('Navn (som forælderen kalder sig)').fill('Anne');
    await panel.getByLabel('E-mail').fill('anne@example.dk');
    await panel.getByRole('button', { name: 'Inviter' }).click();
    const link = (await panel.getByTestId('parent-link').textContent())!;
    expect(link).toMatch(/\/foraelder#[A-Za-z0-9_-]+$/);
    expect(await axeSerious(chair.page)).toEqual([]);

    // The parent's own browser: no member session.
    const context = await browser.newContext({ baseURL: server.origin, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = collectConsole(page);
    users.push({ context, page, errors, downloadDir: '' });
    await page.goto(link);
    await page.getByLabel('Din e-mailadresse').fill('anne@example.dk');
    await page.getByRole('button', { name: 'Send kode' }).click();
    await page.getByLabel('Kode (6 cifre)').waitFor();
    expect(page.url()).not.toContain('#'); // the token left the address bar
    await server.runJob('mail');
    const mails = smtp.mailsTo('anne@example.dk');
    const code = /(\d{6})/.exec(mails[mails.length - 1]!.text)![1]!;
    await page.getByLabel('Kode (6 cifre)').fill(code);
    await page.getByRole('button', { name: 'Log ind' }).click();
    const plan = page.getByTestId('parent-plan');
    await plan.waitFor();
    expect(await plan.textContent()).toContain('Vi er bekymrede for Oliver Hansens fravær.');
    expect(await page.textContent('body')).not.toContain('KLADDE');
    await page.getByRole('textbox', { name: 'Forældrenes perspektiv' }).fill('Vi vil gerne høres mere.');
    await page.getByRole('button', { name: 'Gem' }).click();
    await page.getByText(/^Gemt /).waitFor();
    expect(await axeSerious(page)).toEqual([]);
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);

    // The chair sees the parent's words.
    await chair.page.reload();
    await chair.page.getByText('Vi vil gerne høres mere.').waitFor();
    const words = await db.parentWords.findFirstOrThrow({ where: { caseId: kase.id } });
    expect(words.text).toBe('Vi vil gerne høres mere.');
  });
});
