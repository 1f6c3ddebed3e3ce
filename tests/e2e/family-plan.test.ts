/**
 * The family's version and the Three Houses in the browser (docs/SPEC.md, FA3-FA7): on the case page the school
 * writes the child's words in a house and adds a photo of the drawing; the chair opens the family's version,
 * writes it while the LIX figure follows the text (aim under 35), shares it with the family and downloads the PDF.
 * A member outside the consent is told why there is nothing to see. Axe finds no serious violations.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import * as Y from 'yjs';
import { CASE_DOC } from '../../shared/caseDoc.js';
import { lix } from '../../shared/lix.js';
import { readCaseContent } from '../../server/features/cases/content.js';
import { addDays, todayInCopenhagen } from '../../server/features/tasks/dates.js';
import { apiAs } from '../helpers/api.js';
import { connectProvider, eventually, synced, wsTokenAs, type TestProvider } from '../helpers/clients.js';
import { createCase } from '../helpers/domain-factories.js';
import { createForum, type TestForum } from '../helpers/factories.js';
import { pdfText } from '../helpers/pdf-text.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { axeSerious, closeAll, launchBrowser, newUser, type UserPage } from './helpers.js';

let server: TestServer;
let forum: TestForum;
let browser: Browser;
let kase: { id: string; documentId: string; reference: string };
const providers: TestProvider[] = [];
const users: UserPage[] = [];

const entry = (fields: Record<string, unknown>) => new Y.Map<unknown>([['id', crypto.randomUUID()], ...Object.entries(fields)]);

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const db = server.db.prisma;
  forum = await createForum(db, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Lone Holm' },
  });
  kase = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'dreng, 7 år, skole i distrikt Nord' });
  const chairApi = await apiAs(server.url, server.origin, forum.users.chair!.email);
  const today = todayInCopenhagen();
  const basis = {
    kind: 'CONSENT',
    consent: { givenBy: 'begge forældre', scope: 'skolegang og trivsel', sectors: ['SOCIAL', 'SKOLE'], purpose: 'tidlig indsats', givenOn: addDays(today, -3), validUntil: addDays(today, 180) },
  };
  expect((await chairApi.send('POST', `/api/cases/${kase.id}/basis`, basis)).status).toBe(204);
  expect((await chairApi.send('PUT', `/api/cases/${kase.id}/identity`, { childName: 'Oliver Hansen', childCpr: null, childAddress: null, parentNames: null })).status).toBe(204);

  const { docName } = await db.document.findUniqueOrThrow({ where: { id: kase.documentId } });
  const p = connectProvider(server.wsUrl, docName, { token: await wsTokenAs(server, forum.users.school!.email) });
  providers.push(p);
  await synced(p);
  p.doc.transact(() => {
    p.doc.getText(CASE_DOC.voice).insert(0, 'Jeg kan godt lide frikvarteret.');
    p.doc.getText(CASE_DOC.houseWorries).insert(0, 'Når de voksne råber.');
    p.doc.getArray(CASE_DOC.actions).push([
      entry({ title: 'Mette taler med Oliver hver fredag', responsibleUserId: forum.users.school!.id, ladderStep: 0, dueDate: addDays(today, 14), status: 'PLANNED' }),
    ]);
  });
  await eventually(async () => expect((await readCaseContent(db, kase.documentId, forum.forumId)).actions).toHaveLength(1));
  p.destroy();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await closeAll(...users);
  await browser?.close();
  await server?.close();
});

describe('web: the family\'s version and the Three Houses', () => {
  it('[FA5][FA6] the case page shows the old voice above the three houses; the school writes in Drømmenes hus and adds a photo of the drawing', async () => {
    const school = await newUser(browser, server.origin, forum.users.school!.email, { bypassCSP: true });
    users.push(school);
    const page = school.page;
    await page.goto(`/c/${kase.id}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    const houses = page.getByTestId('three-houses');
    expect(await houses.getByTestId('voice-legacy').inputValue()).toBe('Jeg kan godt lide frikvarteret.');
    await houses.getByText('Barnets stemme').waitFor();
    expect(await houses.getByLabel('Bekymringernes hus').inputValue()).toBe('Når de voksne råber.');
    await houses.getByLabel('Drømmenes hus').click();
    await page.keyboard.type('At blive dyrlæge.');
    await houses.getByTestId('house-talk-add').click();
    await houses.getByTestId('house-talk').getByLabel('Dato').fill('2026-11-20');

    const drawing = `${school.downloadDir}/tegning.jpg`;
    fs.writeFileSync(
      drawing,
      await sharp({ create: { width: 900, height: 600, channels: 3, background: '#f6c431' } })
        .withExif({ IFD0: { Artist: 'Oliver Hansen' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '55/1 40/1 34/1' } })
        .jpeg()
        .toBuffer(),
    );
    await houses.getByTestId('drawing-dreams-file').setInputFiles(drawing);
    await houses.getByTestId('drawing-dreams-status').getByText('Tegningen er gemt.').waitFor();
    const img = houses.getByRole('img', { name: 'Barnets tegning til Drømmenes hus' });
    await img.waitFor();
    await expectEventually(async () => (await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)) === 900);
    await eventually(async () => {
      const content = await readCaseContent(server.db.prisma, kase.documentId, forum.forumId);
      expect(content.houses).toMatchObject({ dreams: 'At blive dyrlæge.', talks: [{ by: 'Mette Skov', on: '2026-11-20' }] });
    });
    // A text file chosen as a drawing is refused with a reason.
    const text = `${school.downloadDir}/ikke-et-billede.jpg`;
    fs.writeFileSync(text, 'ikke et billede');
    await houses.getByTestId('drawing-worries-file').setInputFiles(text);
    await houses.getByTestId('drawing-worries-status').getByText('Filen er ikke et JPEG-, PNG- eller WebP-billede.').waitFor();

    await screenshot(page, 'case-three-houses');
    const violations = await axeSerious(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    // The refused upload's 415 is the only console error (the browser reports every failed request).
    expect(school.errors.filter((e) => !e.includes('415'))).toEqual([]);
  });

  it('[FA1][FA3][FA4] the chair writes the family\'s version with the LIX figure beside it, shares it and downloads the PDF', async () => {
    const chair = await newUser(browser, server.origin, forum.users.chair!.email, { bypassCSP: true });
    users.push(chair);
    const page = chair.page;
    await page.goto(`/c/${kase.id}`);
    await page.getByTestId('family-plan-link').click();
    await page.waitForURL(`**/c/${kase.id}/familie`);
    const plan = page.getByTestId('family-plan');
    await plan.waitFor();
    expect(await page.title()).not.toContain('Oliver');
    await plan.getByText('Oliver Hansen').first().waitFor();
    await plan.getByTestId('family-not-shared').waitFor();
    // Prefilled from the action plan.
    expect(await plan.getByLabel('Hvad', { exact: true }).first().inputValue()).toBe('Mette taler med Oliver hver fredag');
    expect(await plan.getByLabel('Hvem', { exact: true }).first().inputValue()).toBe('Mette Skov (Skole)');

    // The LIX figure follows the text.
    const lixBox = plan.getByTestId('family-lix');
    await lixBox.getByText('Mål: under 35').waitFor();
    const hard = 'Forvaltningen iværksætter en børnefaglig undersøgelse med henblik på afdækning af barnets ressourcer og udfordringer.';
    await plan.getByTestId('fam-worries').fill(hard);
    await expectEventually(async () => (await lixBox.getAttribute('class'))?.includes('lix--over') === true);
    await lixBox.getByText('Over målet: brug kortere sætninger og kortere ord.').waitFor();
    const worries = 'Oliver er ofte træt i skolen. Han kommer tit for sent.';
    await plan.getByTestId('fam-worries').fill(worries);
    await plan.getByTestId('fam-going-well').fill('Oliver har gode venner. Han er glad for fodbold.');
    await plan.getByTestId('fam-next').fill('Vi mødes igen den 20. januar kl. 10 på skolen.');
    const prose = [worries, 'Oliver har gode venner. Han er glad for fodbold.', 'Mette taler med Oliver hver fredag', 'Vi mødes igen den 20. januar kl. 10 på skolen.'].join('\n');
    const expected = Math.round(lix(prose).score!);
    expect(expected).toBeLessThan(35);
    await expectEventually(async () => (await lixBox.getAttribute('data-score')) === String(expected));
    expect(await lixBox.getAttribute('class')).not.toContain('lix--over');
    await lixBox.getByText(`${expected} – ${expected < 25 ? 'meget let' : 'let'}`).waitFor();
    // A CPR number is not written into the family's text.
    await plan.getByTestId('fam-going-well').fill('Oliver har gode venner. 0101901234');
    await plan.getByTestId('cpr-refused').first().waitFor();
    expect(await plan.getByTestId('fam-going-well').inputValue()).toBe('Oliver har gode venner. Han er glad for fodbold.');

    // Share: saved, then marked as shared with time and who.
    await plan.getByTestId('family-share').click();
    await plan.getByTestId('family-shared').getByText(/Delt med familien .* af Sara Berg/).waitFor();
    const stored = await server.db.prisma.familyPlan.findUniqueOrThrow({ where: { caseId: kase.id } });
    expect(stored).toMatchObject({ revision: 1, sharedRevision: 1, sharedById: forum.users.chair!.id });
    expect((stored.sharedContent as { worries: string }).worries).toBe(worries);

    // The Three Houses, with the school's drawing.
    const houses = plan.getByTestId('family-houses');
    await houses.getByTestId('family-house-dreams').getByText('At blive dyrlæge.').waitFor();
    await houses.getByRole('img', { name: 'Barnets tegning til Drømmenes hus' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), plan.getByTestId('family-pdf').click()]);
    expect(download.suggestedFilename()).toBe(`familiens-plan-${kase.reference.toLowerCase()}.pdf`);
    const file = `${chair.downloadDir}/familie.pdf`;
    await download.saveAs(file);
    const text = pdfText(fs.readFileSync(file)).replace(/\s+/g, ' ');
    for (const s of ['Familiens plan', 'Plan for Oliver Hansen', worries, 'Drømmenes hus', '»At blive dyrlæge.«', 'Delt med familien', 'Side 1 af']) expect(text, s).toContain(s);
    // Nothing about the child in the browser's storage or the address.
    expect(page.url()).toBe(`${server.origin}/c/${kase.id}/familie`);
    expect(await page.evaluate(() => JSON.stringify({ ...(globalThis as unknown as { localStorage: object }).localStorage }))).toBe('{}');

    await screenshot(page, 'family-plan-page');
    fs.copyFileSync(file, `${process.env.FAMILY_RENDER_DIR ?? chair.downloadDir}/familie-fra-browseren.pdf`);
    const violations = await axeSerious(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    expect(chair.errors).toEqual([]);
  });

  it('[FA1] a member outside the consent is told the consent does not cover their sector', async () => {
    const nurse = await newUser(browser, server.origin, forum.users.nurse!.email);
    users.push(nurse);
    await nurse.page.goto(`/c/${kase.id}/familie`);
    const refused = nurse.page.getByTestId('family-refused');
    await refused.getByText('Samtykket omfatter ikke din sektor.').waitFor();
    expect(await refused.getAttribute('data-code')).toBe('consent_does_not_cover_sector');
    expect(nurse.errors.filter((e) => !e.includes('403'))).toEqual([]);
  });
});

/** With FAMILY_RENDER_DIR set, a full-page screenshot there, for looking at. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.FAMILY_RENDER_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
