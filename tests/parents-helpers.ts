/** Helpers of the parents' tests (tests/parents-*.test.ts, docs/SPEC.md PA). */
import { expect } from 'vitest';
import type { FamilyPlanView } from '../shared/family.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import type { ApiClient } from './helpers/api.js';
import { createCase } from './helpers/domain-factories.js';
import type { TestForum } from './helpers/factories.js';
import type { TestServer } from './helpers/server.js';
import type { ReceivedMail, TestSmtp } from './helpers/smtp.js';

const today = () => todayInCopenhagen();

/** A named case under consent with a shared family version (FA1-FA4). */
export async function sharedCase(s: TestServer, f: TestForum, c: ApiClient, childName = 'Oliver Hansen') {
  const kase = await createCase(s.db.prisma, f.forumId, f.users.chair!.id, { description: 'dreng, 7 år' });
  const basis = {
    kind: 'CONSENT',
    consent: { givenBy: 'begge forældremyndighedsindehavere', scope: 'skolegang og trivsel', sectors: ['SOCIAL', 'SKOLE'], purpose: 'tidlig indsats', givenOn: addDays(today(), -10), validUntil: addDays(today(), 180) },
  };
  expect((await c.send('POST', `/api/cases/${kase.id}/basis`, basis)).status).toBe(204);
  expect((await c.send('PUT', `/api/cases/${kase.id}/identity`, { childName, childCpr: null, childAddress: null, parentNames: 'Anne og Peter Hansen' })).status).toBe(204);
  const draft = (await c.get<FamilyPlanView>(`/api/cases/${kase.id}/family/plan`)).body;
  const content = { ...draft.content, worries: `Vi er bekymrede for ${childName}s fravær.`, goingWell: 'Det går godt med vennerne.' };
  expect((await c.send('PUT', `/api/cases/${kase.id}/family/plan`, { content, revision: null })).status).toBe(200);
  expect((await c.send('POST', `/api/cases/${kase.id}/family/plan/share`, { revision: 1 })).status).toBe(200);
  // A later draft the family must not see.
  expect((await c.send('PUT', `/api/cases/${kase.id}/family/plan`, { content: { ...content, worries: 'KLADDE: ikke delt endnu.' }, revision: 1 })).status).toBe(200);
  return kase;
}

/** A parent's HTTP client: its own cookie (Path=/api/parent), Origin set. */
export function parentClient(baseUrl: string, origin: string) {
  let cookie = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { origin, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('samraad_parent=')) cookie = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, setCookie: set };
  };
  return { call, get cookie() { return cookie; }, set cookie(v: string) { cookie = v; } };
}


/**
 * Waits until `address` has received `count` mails (the parents' mails are sent at once, ML8, not by the mail
 * job): the mails, or a failure naming how many came. Polls the test SMTP server every 25 ms.
 */
export async function mailsArrive(smtp: TestSmtp, address: string, count: number, withinMs = 5000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const mails = smtp.mailsTo(address);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`${mails.length} of ${count} mails to ${address} within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}


/** Reads until the value is as wanted (what a mail sent at once changes lands just after the SMTP server took it). */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, withinMs = 5000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}
