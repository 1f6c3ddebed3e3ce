/**
 * H8 and H9 at run time: input refused by the one validator names its fields and never echoes a value, in a body, a
 * query and a path alike, on every route; a NUL is refused; every error code the server can send is one of the
 * shared union (a scan of the server's source), and a code outside it is logged as an error by the check every
 * answer passes (which the test helpers turn into a failed test, G2).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkErrorCodes } from '../server/http/errors.js';
import { observeLogs, type LogEntry } from '../server/observability/log.js';
import { ERROR_CODES, isErrorCode } from '../shared/errors.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { expectLogErrors } from './helpers/fail-on-console-error.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let admin: ApiClient;
let chair: ApiClient;

/** A value that must never come back: a child's name and a CPR-like number. */
const SECRET = 'Emil Jensen 010120-1234';

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  forum = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
  const outsider = await createOutsider(db, forum.municipalityId);
  await db.user.update({ where: { id: outsider.id }, data: { municipalRoles: ['ADMIN'] } });
  admin = await apiAs(server.url, server.origin, outsider.email);
  chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
});
afterAll(async () => {
  await server?.close();
});

const refusal = (fields: string[]) => ({ status: 400, body: { error: 'invalid_input', fields } });

describe('[H8] one validator: fields named, values never echoed', () => {
  it('a JSON body: the failing field by path; an unknown key by where it sits, never by its own name', async () => {
    const labels = ['Trives', 'Sårbar', SECRET.repeat(3), 'Alvorlig', 'Truet'];
    const bad = await admin.send('PUT', '/api/admin/settings', { levelLabels: labels, reportDutyThreshold: 3 });
    expect(bad).toEqual(refusal(['levelLabels.2']));
    // A strict schema: the key itself may carry a name, so it is reported as the body.
    const key = await admin.send('PUT', '/api/me/language', { language: 'da', [SECRET]: true });
    expect(key).toEqual(refusal(['body']));
    expect(JSON.stringify([bad.body, key.body])).not.toContain('Emil');
  });

  it('a query string (audit search, key figures, access request) the same way', async () => {
    const audit = await admin.get(`/api/admin/audit?from=${encodeURIComponent(SECRET)}&limit=0`);
    expect(audit.status).toBe(400);
    expect((audit.body as { fields: string[] }).fields.sort()).toEqual(['from', 'limit']);
    // A free-text key is refused as the query, not named.
    expect(await admin.get(`/api/admin/audit?${encodeURIComponent(SECRET)}=1`)).toEqual(refusal(['query']));
    expect(await chair.get(`/api/forums/keyfigures/year?forum=${forum.forumId}&from=2026-13`)).toEqual(refusal(['from']));
    expect(await chair.get(`/api/forums/${forum.forumId}/keyfigures?to=${encodeURIComponent(SECRET)}`)).toEqual(refusal(['to']));
    expect(JSON.stringify(audit.body)).not.toContain('Emil');
  });

  it('a path parameter: an id that cannot be one is 400 naming the parameter, before any lookup', async () => {
    const id = encodeURIComponent(SECRET);
    expect(await chair.get(`/api/meetings/${id}`)).toEqual(refusal(['meetingId']));
    expect(await chair.get(`/api/cases/${id}/privacy`)).toEqual(refusal(['caseId']));
    expect(await chair.get(`/api/forums/${id}/overview`)).toEqual(refusal(['forumId']));
    expect(await admin.send('PATCH', `/api/admin/users/${id}`, { disabled: true })).toEqual(refusal(['userId']));
    expect(await chair.get(`/api/meetings/m1/handover/c1/${'GARTNER'}/packet.json`)).toEqual(refusal(['sector']));
    // A well-formed id that does not exist is still 404 (nothing to probe).
    expect((await chair.get('/api/meetings/nope')).status).toBe(404);
  });

  it('the routes converted last (versions, minutes, family, parents, search): ids, queries and bodies the same way', async () => {
    const id = encodeURIComponent(SECRET);
    const answers = [
      [await chair.get(`/api/cases/${id}/versions`), refusal(['caseId'])],
      [await chair.get(`/api/cases/c1/versions/${id}`), refusal(['meetingId'])],
      [await chair.get(`/api/cases/${id}/changes`), refusal(['caseId'])],
      [await chair.get(`/api/meetings/${id}/minutes.pdf`), refusal(['meetingId'])],
      [await chair.get(`/api/cases/${id}/family/plan`), refusal(['caseId'])],
      [await chair.get(`/api/cases/c1/family/drawings/${id}`), refusal(['house'])],
      [await chair.get(`/api/cases/c1/family/plan.pdf?meetingId=${id}`), refusal(['meetingId'])],
      [await chair.get(`/api/cases/c1/family/plan.pdf?${id}=1`), refusal(['query'])],
      [await chair.get(`/api/parent/cases/${id}/invitations`), refusal(['caseId'])],
      [await chair.send('DELETE', `/api/parent/invitations/${id}`), refusal(['invitationId'])],
      // Search (SE1): a key the client made up is the query or the body, never named by itself.
      [await chair.get(`/api/search?q=morgenrutine&${id}=1`), refusal(['query'])],
      [await chair.send('POST', '/api/search', { q: 'morgenrutine', [SECRET]: 1 }), refusal(['body'])],
      [await chair.send('POST', '/api/search', { q: 'morgen\u0000rutine' }), refusal(['q'])],
      [await chair.send('POST', '/api/parent/cases/c1/invitations', { name: 'Emil\u0000', email: 'far@example.dk', role: 'CUSTODY_HOLDER' }), refusal(['name'])],
    ] as const;
    for (const [got, want] of answers) expect(got).toEqual(want);
    expect(JSON.stringify(answers.map(([got]) => got.body))).not.toContain('Emil');
    // A well-formed id that is not there is still 404.
    expect((await chair.get('/api/meetings/nope/minutes.pdf')).status).toBe(404);
    expect((await chair.get('/api/cases/nope/versions')).status).toBe(404);
  });

  it('[H6] a NUL in a route\'s body, at any depth or under any key, is 400 naming where it sits', async () => {
    const labels = ['Trives', 'Sår\u0000bar', 'Udsat', 'Alvorlig', 'Truet'];
    expect(await admin.send('PUT', '/api/admin/settings', { levelLabels: labels, reportDutyThreshold: 3 })).toEqual(refusal(['levelLabels.1']));
    // Under a key the schema does not know (and would drop), the NUL is named by where that key sits, never by the key.
    const dropped = await admin.send('POST', '/api/admin/forums', { name: 'Forum Nord', type: 'SSD', [SECRET]: 'x\u0000' });
    expect(dropped).toEqual(refusal(['body']));
    expect(await chair.send('POST', '/api/auth/totp/enable', { code: '123\u0000456' })).toEqual(refusal(['code']));
  });
});

describe('[H9] one error-code union', () => {
  it('every code the server source sends or throws is a member of shared/errors.ts', () => {
    const root = path.resolve(import.meta.dirname, '../server');
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|mts|mjs)$/.test(f) && !f.startsWith('db/generated'));
    const patterns = [/\berror: '([a-z_0-9]+)'/g, /DomainError\('([a-z_0-9]+)'/g, /Refused\('([a-z_0-9]+)'/g, /\brefuse\w*\(c, '([a-z_0-9]+)'/g];
    const found = new Map<string, string>();
    for (const f of files) {
      const text = fs.readFileSync(path.join(root, f), 'utf8');
      for (const p of patterns) for (const m of text.matchAll(p)) found.set(m[1]!, f);
    }
    expect(found.size).toBeGreaterThan(30);
    const outside = [...found].filter(([code]) => !isErrorCode(code)).map(([code, f]) => `${code} (${f})`);
    expect(outside).toEqual([]);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('an answer whose code is not in the union is logged as an error, so an API test that meets it fails', async () => {
    const seen: LogEntry[] = [];
    const stop = observeLogs((e) => {
      if (e.event === 'http_unknown_error_code') seen.push(e);
    });
    expectLogErrors('http_unknown_error_code');
    const app = new Hono()
      .use(checkErrorCodes)
      .get('/made-up', (c) => c.json({ error: 'made_up_code' }, 409))
      .get('/none', (c) => c.json({ message: 'no code' }, 500))
      .get('/known', (c) => c.json({ error: 'not_found' }, 404))
      .get('/fine', (c) => c.json({ error: 'not an error answer' }, 200));
    for (const p of ['/made-up', '/none', '/known', '/fine']) await app.request(p);
    stop();
    expect(seen.map((e) => [e.fields?.status, e.fields?.code])).toEqual([
      [409, 'made_up_code'],
      [500, 'undefined'],
    ]);
  });
});
