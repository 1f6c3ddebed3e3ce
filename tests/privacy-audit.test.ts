import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../server/audit/audit.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { createCase } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum, type TestUser } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
let other: TestForum;
let admin: TestUser;
let adminApi: ApiClient;
let chair: ApiClient;
let school: ApiClient;

interface Entry { id: string; at: string; userId: string | null; userName: string | null; action: string; caseId: string | null; caseReference: string | null; purpose: string | null; criterion: string | null }
type Page = { entries: Entry[]; nextBefore: string | null };

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db.prisma;
  forum = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  other = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } }); // another municipality
  admin = await createOutsider(db, forum.municipalityId);
  await db.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'] } });
  adminApi = await apiAs(server.url, server.origin, admin.email);
  chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
  school = await apiAs(server.url, server.origin, forum.users.school!.email);
});
afterAll(async () => {
  await server?.close();
});

const sql = (text: string, params: unknown[] = []) => server.db.pool.query(text, params);

describe('audit log', () => {
  it('[AU2] the audit log is append-only: a plain UPDATE or DELETE fails, even on a fresh row', async () => {
    await audit(server.db.prisma, { userId: forum.users.school!.id, action: 'READ', purpose: 'meeting' });
    const { rows } = await sql('SELECT max(id)::text AS id FROM "AuditEntry"');
    await expect(sql('DELETE FROM "AuditEntry" WHERE id = $1', [rows[0].id])).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE "AuditEntry" SET purpose = 'x' WHERE id = $1`, [rows[0].id])).rejects.toThrow(/append-only/);
    await expect(sql('TRUNCATE "AuditEntry"')).rejects.toThrow(/append-only/);
    // The setting on its own (outside a transaction, where SET LOCAL has no effect) does not open it either.
    await sql(`SET LOCAL samraad.audit_purge = 'on'`);
    await expect(sql('DELETE FROM "AuditEntry" WHERE id = $1', [rows[0].id])).rejects.toThrow(/append-only/);
    expect((await sql('SELECT count(*)::int AS n FROM "AuditEntry" WHERE id = $1', [rows[0].id])).rows[0].n).toBe(1);
  });

  it('[AU6] the audit-purge job deletes entries older than AUDIT_RETENTION_DAYS, and only those', async () => {
    const insert = (daysAgo: number, purpose: string) =>
      sql(`INSERT INTO "AuditEntry" ("at", "userId", "action", "purpose") VALUES (now() - make_interval(days => $1), $2, 'READ', $3)`, [
        daysAgo, forum.users.school!.id, purpose,
      ]);
    await insert(400, 'purge-old-400');
    await insert(184, 'purge-old-184');
    await insert(182, 'purge-keep-182');
    await insert(1, 'purge-keep-1');
    await server.runJob('audit-purge');
    const { rows } = await sql(`SELECT purpose FROM "AuditEntry" WHERE purpose LIKE 'purge-%' ORDER BY purpose`);
    expect(rows.map((r) => r.purpose)).toEqual(['purge-keep-1', 'purge-keep-182']);
    const record = await sql(`SELECT criterion FROM "AuditEntry" WHERE purpose = 'audit-retention' AND action = 'DELETE'`);
    expect(record.rows[0]?.criterion).toMatch(/^before=.*;rows=2$/);
    // Running it again finds nothing more to delete.
    await server.runJob('audit-purge');
    expect((await sql(`SELECT count(*)::int AS n FROM "AuditEntry" WHERE purpose LIKE 'purge-keep-%'`)).rows[0].n).toBe(2);
  });

  it('[AU3] an administrator searches the log by user, case, action and period, paged; the search is itself logged', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id);
    const foreign = await createCase(db, other.forumId, other.users.chair!.id);
    for (let i = 0; i < 5; i++) {
      await audit(db, { userId: forum.users.school!.id, action: 'READ', caseId: kase.id, caseReference: kase.reference, purpose: 'preparation' });
    }
    await audit(db, { userId: forum.users.chair!.id, action: 'UPDATE', caseId: kase.id, caseReference: kase.reference, purpose: 'meeting' });
    await audit(db, { userId: other.users.chair!.id, action: 'READ', caseId: foreign.id, caseReference: foreign.reference, purpose: 'meeting' });

    const byCase = await adminApi.get<Page>(`/api/admin/audit?caseId=${kase.id}`);
    expect(byCase.status).toBe(200);
    // The search itself is the newest entry about the case (a search names the case it was about).
    expect(byCase.body.entries.map((e) => e.action)).toEqual(['SEARCH', 'UPDATE', 'READ', 'READ', 'READ', 'READ', 'READ']);
    expect(byCase.body.entries[1]).toMatchObject({
      userId: forum.users.chair!.id, userName: forum.users.chair!.name, caseId: kase.id, caseReference: kase.reference, purpose: 'meeting',
    });
    expect(Object.keys(byCase.body.entries[0]!).sort()).toEqual(
      ['action', 'address', 'at', 'caseId', 'caseReference', 'criterion', 'id', 'purpose', 'userId', 'userName'].sort(),
    );

    const byUser = await adminApi.get<Page>(`/api/admin/audit?userId=${forum.users.school!.id}&action=READ&caseId=${kase.id}`);
    expect(byUser.body.entries).toHaveLength(5);

    // Paging by `before`.
    const first = await adminApi.get<Page>(`/api/admin/audit?caseId=${kase.id}&action=READ&limit=3`);
    expect(first.body.entries).toHaveLength(3);
    expect(first.body.nextBefore).toBe(first.body.entries[2]!.id);
    const second = await adminApi.get<Page>(`/api/admin/audit?caseId=${kase.id}&action=READ&limit=3&before=${first.body.nextBefore}`);
    expect(second.body.entries).toHaveLength(2);
    expect(second.body.nextBefore).toBeNull();
    expect(new Set([...first.body.entries, ...second.body.entries].map((e) => e.id)).size).toBe(5);

    // Period: tomorrow onwards is empty; today has the entries.
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await adminApi.get<Page>(`/api/admin/audit?caseId=${kase.id}&action=READ&from=${tomorrow}`)).body.entries).toHaveLength(0);
    expect((await adminApi.get<Page>(`/api/admin/audit?caseId=${kase.id}&action=READ&from=${today}&to=${today}`)).body.entries).toHaveLength(5);

    // Another municipality's entries are not found.
    expect((await adminApi.get<Page>(`/api/admin/audit?caseId=${foreign.id}&action=READ`)).body.entries).toHaveLength(0);

    // The search itself: SEARCH with ids and dates as the criterion.
    const searches = await adminApi.get<Page>(`/api/admin/audit?userId=${admin.id}&action=SEARCH&limit=200`);
    expect(searches.body.entries.map((e) => e.criterion)).toContain(`userId=${forum.users.school!.id};caseId=${kase.id};action=READ`);
    expect(searches.body.entries.map((e) => e.criterion)).toContain(`caseId=${kase.id};from=${today};to=${today};action=READ`);
    expect(searches.body.entries.every((e) => e.purpose === 'audit-search' && e.userName === admin.name)).toBe(true);
  });

  it('[AU3] bad search input is 400 naming the field; free text is not accepted', async () => {
    const bad = await adminApi.get<{ error: string; fields: string[] }>(`/api/admin/audit?from=yesterday&limit=5000`);
    expect(bad.status).toBe(400);
    expect(bad.body.fields.sort()).toEqual(['from', 'limit']);
    expect((await adminApi.get(`/api/admin/audit?q=Emil`)).status).toBe(400);
    expect((await adminApi.get(`/api/admin/audit?caseId=${encodeURIComponent("x' OR 1=1 --")}`)).status).toBe(400);
    expect((await adminApi.get(`/api/admin/audit?action=EVERYTHING`)).status).toBe(400);
  });

  it('[AU3][AU5] a non-administrator cannot search; the refusal is logged as DENIED', async () => {
    const res = await chair.get('/api/admin/audit');
    expect(res.status).toBe(403);
    const denied = await adminApi.get<Page>(`/api/admin/audit?userId=${forum.users.chair!.id}&action=DENIED`);
    expect(denied.body.entries[0]).toMatchObject({ action: 'DENIED', criterion: 'audit:search', userId: forum.users.chair!.id });
  });

  it('[AU4][AU5] the chair sees who accessed a case and when; others get 404, logged as DENIED', async () => {
    const db = server.db.prisma;
    const kase = await createCase(db, forum.forumId, forum.users.chair!.id);
    await audit(db, { userId: forum.users.school!.id, action: 'READ', caseId: kase.id, caseReference: kase.reference, purpose: 'preparation' });
    await audit(db, { userId: forum.users.chair!.id, action: 'UPDATE', caseId: kase.id, caseReference: kase.reference, purpose: 'meeting' });

    const log = await chair.get<{ entries: Array<{ at: string; userName: string; action: string; purpose: string }> }>(`/api/cases/${kase.id}/access-log`);
    expect(log.status).toBe(200);
    // Reading the access log is itself on the record (newest first).
    expect(log.body.entries.map((e) => [e.userName, e.action, e.purpose])).toEqual([
      [forum.users.chair!.name, 'READ', 'access-log'],
      [forum.users.chair!.name, 'UPDATE', 'meeting'],
      [forum.users.school!.name, 'READ', 'preparation'],
    ]);
    expect(log.body.entries.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);

    expect((await school.get(`/api/cases/${kase.id}/access-log`)).status).toBe(404);
    expect((await adminApi.get(`/api/cases/${kase.id}/access-log`)).status).toBe(404);
    expect((await chair.get(`/api/cases/no-such-case/access-log`)).status).toBe(404);
    const denied = await db.auditEntry.findMany({ where: { caseId: kase.id, action: 'DENIED' } });
    expect(denied.map((d) => [d.userId, d.criterion]).sort()).toEqual(
      [[forum.users.school!.id, 'case:accessLog'], [admin.id, 'case:accessLog']].sort(),
    );
    expect(await db.auditEntry.count({ where: { caseId: kase.id, action: 'READ', purpose: 'access-log', userId: forum.users.chair!.id } })).toBe(1);
  });
});
