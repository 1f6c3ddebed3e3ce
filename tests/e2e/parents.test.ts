/**
 * Parents taking part in the browser (docs/SPEC.md, PA1-PA4, PA10, PA11): the chair invites a custody holder on the
 * meeting page and gets the link; the parent opens it in a browser of their own, signs in with the code from the
 * test SMTP server (sent at once, ML8), reads the shared plan and adds their words, which the chair then sees. An
 * invitation in English: the page, the mails and the plan's headings in English; the parent signs in with MitID at
 * the parents' broker (tests/helpers/fake-oidc.ts), the chair sees who; the same link forwarded to another MitID
 * person is refused. Axe finds no serious violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiAs } from '../helpers/api.js';
import { addAgendaItem, createMeeting } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startFakeOidc, type FakeOidc } from '../helpers/fake-oidc.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { mailsArrive, sharedCase } from '../parents-helpers.js';
import { axeSerious, closeAll, collectConsole, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let smtp: TestSmtp;
let forum: TestForum;
let browser: Browser;
let idp: FakeOidc;
const users: UserPage[] = [];
const MITID_CLIENT = 'samraad-foraeldre-e2e';

beforeAll(async () => {
  smtp = await startSmtp();
  idp = await startFakeOidc();
  server = await startTestServer({
    SERVE_WEB: 'true',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Samråd <samraad@test.kommune.dk>',
    PARENT_OIDC_ISSUER: idp.issuer,
    PARENT_OIDC_CLIENT_ID: MITID_CLIENT,
  });
  // The parents' broker: a public client (PKCE), the person's name under `profile`.
  await idp.configure({
    clients: [{ client_id: MITID_CLIENT, redirect_uris: [`${server.origin}/api/parent/mitid/callback`] }],
    claims: { openid: ['sub'], profile: ['name'] },
    claimsOf: (id) => ({ name: id === 'mitid-sam' ? 'Sam Rivers' : 'Kim Andersen' }),
  });
  forum = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await closeAll(...users);
  await browser?.close();
  await server?.close();
  await smtp?.close();
  await idp?.close();
});

/** A browser of the parent's own: no member session. */
async function parentBrowser() {
  const context = await browser.newContext({ baseURL: server.origin, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = collectConsole(page);
  users.push({ context, page, errors, downloadDir: '' });
  return { page, errors };
}

/** At the broker's (development) login and consent pages: signs in as `person`. */
async function atBroker(page: import('playwright-core').Page, person: string) {
  await page.waitForURL((url) => url.origin === idp.issuer);
  await page.locator('input[name="login"]').fill(person);
  await page.locator('input[name="password"]').fill('x');
  await page.locator('button[type="submit"]').click();
  // The consent page, then back to Samråd.
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.origin === server.origin);
}

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
    const { page, errors } = await parentBrowser();
    await page.goto(link);
    // MitID is offered beside the code.
    await page.getByRole('button', { name: 'Log ind med MitID' }).waitFor();
    await page.getByLabel('Din e-mailadresse').fill('anne@example.dk');
    await page.getByRole('button', { name: 'Send kode' }).click();
    await page.getByLabel('Kode (6 cifre)').waitFor();
    expect(page.url()).not.toContain('#'); // the token left the address bar
    // ML8: the code comes at once, without the mail job.
    const mails = await mailsArrive(smtp, 'anne@example.dk', 2);
    const code = /kode til Samråd er: (\d{6})/.exec(mails[1]!.text)![1]!;
    await page.getByLabel('Kode (6 cifre)').fill(code);
    await page.getByRole('button', { name: 'Log ind', exact: true }).click();
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

  it('[PA11][PA10] an invitation in English; the parent signs in with MitID and reads the plan in English; the chair sees who signed in; the link forwarded to another MitID person is refused', async () => {
    const db = server.db.prisma;
    const chairApi = await apiAs(server.url, server.origin, forum.users.chair!.email);
    const kase = await sharedCase(server, forum, chairApi, 'Noah Rivers');
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date(Date.now() + 3 * 86_400_000), place: 'Skolen' });
    await addAgendaItem(db, meeting.id, kase.id, 1);

    const chair = await newUser(browser, server.origin, forum.users.chair!.email, { bypassCSP: true });
    users.push(chair);
    await chair.page.goto(`/m/${meeting.id}`);
    const panel = chair.page.getByTestId('parents-panel');
    await panel.getByLabel('Navn (som forælderen kalder sig)').fill('Sam');
    await panel.getByLabel('E-mail').fill('sam.rivers@example.dk');
    await panel.getByLabel('Sprog i invitationen og på forælderens side').selectOption('en');
    await panel.getByRole('button', { name: 'Inviter' }).click();
    const link = (await panel.getByTestId('parent-link').textContent())!;
    await panel.getByText('Sam (Forældremyndighedsindehaver, på engelsk)').waitFor();
    const [invitationMail] = await mailsArrive(smtp, 'sam.rivers@example.dk', 1);
    expect(invitationMail!.subject).toContain('You are invited to a meeting about your child in Samråd');

    // The parent's page speaks English before and after signing in.
    const { page, errors } = await parentBrowser();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Samråd for parents' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe('en');
    await page.getByLabel('Your e-mail address').waitFor();
    expect(await axeSerious(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in with MitID' }).click();
    await atBroker(page, 'mitid-sam');
    await page.waitForURL((url) => url.pathname === '/foraelder');
    const plan = page.getByTestId('parent-plan');
    await plan.waitFor();
    expect(await plan.textContent()).toContain('What we are worried about');
    expect(await plan.textContent()).toContain('Vi er bekymrede for Noah Riverss fravær.');
    await page.getByRole('heading', { name: "The parents' perspective" }).waitFor();
    expect(await axeSerious(page)).toEqual([]);
    // Samråd's pages only: the broker's development pages ask for web fonts and a favicon it has not got.
    expect(errors.filter((e) => !e.includes('401') && e.includes(`@ ${server.origin}`))).toEqual([]);

    // The chair sees who signed in with MitID; the invited address was told.
    await chair.page.reload();
    await chair.page.getByTestId('parent-mitid').getByText(/Logget ind med MitID som Sam Rivers/).waitFor();
    const [, notice] = await mailsArrive(smtp, 'sam.rivers@example.dk', 2);
    expect(notice!.subject).toBe('Someone signed in with MitID on your invitation – Samråd – Testkommune');

    // The same link, forwarded: another person's MitID is refused, and the page says so (in English).
    const forwarded = await parentBrowser();
    await forwarded.page.goto(link);
    await forwarded.page.getByRole('button', { name: 'Sign in with MitID' }).click();
    await atBroker(forwarded.page, 'mitid-kim');
    await forwarded.page.getByRole('alert').getByText('Another person has already signed in with MitID using this link.', { exact: false }).waitFor();
    expect(forwarded.page.url()).toBe(`${server.origin}/foraelder`); // the reason left the address bar
    expect(await forwarded.page.getByTestId('parent-plan').count()).toBe(0);
    const invitation = await db.parentInvitation.findFirstOrThrow({ where: { caseId: kase.id } });
    expect(invitation.mitidName).toBe('Sam Rivers');
  });
});
