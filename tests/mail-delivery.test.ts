/**
 * Sending through the outbox (docs/SPEC.md, ML3-ML5) against a real SMTP server: a refusal or an outage leaves the
 * row, which is sent once the server takes it again, also after a restart; two runs or two instances never send a
 * row twice; without SMTP, development logs and production sends nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../server/db/client.js';
import { sendPendingMails } from '../server/features/mail/send.js';
import { createMailTransport, type MailTransport } from '../server/features/mail/transport.js';
import { addDays, todayInCopenhagen } from '../server/features/tasks/dates.js';
import { setLogLevel } from '../server/observability/log.js';
import { apiAs } from './helpers/api.js';
import { expectLogErrors } from './helpers/fail-on-console-error.js';
import { createAction, createCase } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

const ORIGIN = 'https://samraad.test.kommune.dk';
const today = todayInCopenhagen();

let smtp: TestSmtp;
let server: TestServer;
let forum: TestForum;
let env: Record<string, string>;
let caseId: string;
let adminEmail: string;

beforeAll(async () => {
  smtp = await startSmtp();
  env = { SMTP_URL: smtp.url, MAIL_FROM: 'Samråd <samraad@test.kommune.dk>', PUBLIC_ORIGIN: ORIGIN };
  server = await startTestServer(env);
  forum = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  caseId = (await createCase(server.db.prisma, forum.forumId, forum.users.chair!.id)).id;
  const admin = await createOutsider(server.db.prisma, forum.municipalityId);
  await server.db.prisma.user.update({ where: { id: admin.id }, data: { municipalRoles: ['ADMIN'] } });
  adminEmail = admin.email;
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});
beforeEach(() => {
  smtp.fail(null);
  smtp.delayMs = 0;
});

/** n actions of the school member's, each with its ACTION_ASSIGNED notice queued; returns the outbox ids. */
async function queueAssigned(n: number, db: Database = server.db): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = await createAction(db.prisma, caseId, { responsibleUserId: forum.users.school!.id, dueDate: addDays(today, 40) });
    const row = await db.prisma.mailOutbox.create({
      data: { userId: a.responsibleUserId!, kind: 'ACTION_ASSIGNED', refId: a.id, day: new Date(`${today}T00:00:00Z`), forumId: forum.forumId },
    });
    ids.push(row.id);
  }
  return ids;
}

const smtpConfig = () => ({ NODE_ENV: 'test' as const, SMTP_SECURE: false, SMTP_URL: smtp.url, MAIL_FROM: env.MAIL_FROM! });
const rowOf = (id: string) => server.db.prisma.mailOutbox.findUniqueOrThrow({ where: { id } });
/** As if the row's backoff had passed. */
const due = (id: string) => server.db.prisma.mailOutbox.update({ where: { id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
const receivedFor = (outboxId: string) => smtp.received.filter((m) => m.messageId === `<${outboxId}@samraad.test.kommune.dk>`);

describe('mail delivery', () => {
  it('[ML4][O7] a 451 from the SMTP server fails the run (shown to the administrator) and leaves the row; it is sent once, after its backoff, when the server takes it', async () => {
    expectLogErrors('job_failed'); // the failing runs are the point
    const [id] = await queueAssigned(1);
    smtp.fail({ at: 'rcpt', code: 451 });
    await expect(server.runJob('mail')).rejects.toThrow(/EENVELOPE 451/);
    expect(await rowOf(id!)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'EENVELOPE 451' });
    const row = await rowOf(id!);
    // Backoff: the next attempt 30 s later.
    expect(row.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(20_000);
    const admin = await apiAs(server.url, server.origin, adminEmail);
    const job = (await admin.get<{ jobs: Array<{ name: string; state: string; lastError: { message: string } | null }> }>('/api/admin/jobs')).body.jobs.find((j) => j.name === 'mail');
    expect(job).toMatchObject({ state: expect.stringMatching(/^(retrying|failed)$/), lastError: { message: expect.stringContaining('EENVELOPE 451') } });

    smtp.fail(null);
    // Before the backoff has passed nothing is sent, and the run still fails: a mail is waiting after a failure.
    await expect(server.runJob('mail')).rejects.toThrow(/1 wait for another attempt/);
    expect(receivedFor(id!)).toHaveLength(0);
    await due(id!);
    await server.runJob('mail');
    expect(receivedFor(id!)).toHaveLength(1);
    expect(await rowOf(id!)).toMatchObject({ status: 'SENT', attempts: 2 });
    await server.runJob('mail');
    expect(receivedFor(id!)).toHaveLength(1);
  });

  it('[ML4] a 550 refusal of the message keeps the row too, and the run still tries its other rows', async () => {
    expectLogErrors('job_failed'); // the failing runs are the point
    const [refused, other] = await queueAssigned(2);
    smtp.fail({ at: 'data', code: 550 });
    const received = smtp.received.length;
    await expect(server.runJob('mail')).rejects.toThrow(/EMESSAGE 550/);
    expect(smtp.received.length).toBe(received);
    // A refusal of one message does not stop the run: both were tried.
    expect(await rowOf(refused!)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'EMESSAGE 550' });
    expect(await rowOf(other!)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'EMESSAGE 550' });
    smtp.fail(null);
    await due(refused!);
    await due(other!);
    await server.runJob('mail');
    expect(receivedFor(refused!)).toHaveLength(1);
    expect(receivedFor(other!)).toHaveLength(1);
  });

  it('[ML4] with the SMTP server down the row stays through a restart of Samråd and is sent when both are back', async () => {
    expectLogErrors('job_failed'); // the failing runs are the point
    const [id] = await queueAssigned(1);
    await smtp.stop();
    await expect(server.runJob('mail')).rejects.toThrow(/ECONNECTION|ESOCKET|ECONNREFUSED/);
    expect(await rowOf(id!)).toMatchObject({ status: 'PENDING', attempts: 1 });

    await server.close();
    await smtp.start();
    server = await startTestServer(env, server.databaseUrl);
    await due(id!);
    await server.runJob('mail');
    expect(receivedFor(id!)).toHaveLength(1);
    expect(await rowOf(id!)).toMatchObject({ status: 'SENT' });
  });

  it('[ML4] two instances and two senders at once never send a row twice', async () => {
    const ids = await queueAssigned(24);
    smtp.delayMs = 15;
    const second = await startTestServer(env, server.databaseUrl);
    try {
      const t1 = createMailTransport(smtpConfig());
      const t2 = createMailTransport(smtpConfig());
      const now = new Date();
      const [, , r1, r2] = await Promise.all([
        server.runJob('mail'),
        second.runJob('mail'),
        sendPendingMails({ db: server.db, transport: t1, origin: ORIGIN, now }),
        sendPendingMails({ db: second.db, transport: t2, origin: ORIGIN, now }),
      ]);
      // The two direct senders really ran side by side: each sent some of the rows.
      expect(r1.sent).toBeGreaterThan(0);
      expect(r2.sent).toBeGreaterThan(0);
      t1.close();
      t2.close();
    } finally {
      await second.close();
    }
    for (const id of ids) expect(receivedFor(id)).toHaveLength(1);
    expect(await server.db.prisma.mailOutbox.count({ where: { id: { in: ids }, status: 'SENT' } })).toBe(ids.length);
  });

  it('[ML4] if the process dies after the SMTP server accepted and before the row is marked sent, the mail is sent again with the same Message-ID', async () => {
    const [id] = await queueAssigned(1);
    const real = createMailTransport(smtpConfig());
    const dying: MailTransport = {
      mode: 'smtp',
      async send(mail) {
        await real.send(mail);
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }); // before COMMIT
      },
      close: () => real.close(),
    };
    await expect(sendPendingMails({ db: server.db, transport: dying, origin: ORIGIN, now: new Date() })).resolves.toMatchObject({ failed: 1 });
    // The failure was recorded as a failed attempt here; a real crash leaves the row as it was. Either way it is pending.
    await server.db.prisma.mailOutbox.update({ where: { id: id! }, data: { attempts: 0, nextAttemptAt: new Date(Date.now() - 1000) } });
    await server.runJob('mail');
    real.close();
    const copies = receivedFor(id!);
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.messageId)).size).toBe(1);
  });

  it('[ML5] without SMTP settings development logs each mail in one line and marks it sent; production sends nothing and keeps nothing pending', async () => {
    const [logged] = await queueAssigned(1);
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    setLogLevel('info');
    try {
      const dev = createMailTransport({ NODE_ENV: 'development', SMTP_SECURE: false });
      expect(dev.mode).toBe('log');
      await sendPendingMails({ db: server.db, transport: dev, origin: ORIGIN, now: new Date() });
    } finally {
      setLogLevel('silent');
      process.stdout.write = write;
    }
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === 'mail_logged' && l.id === logged);
    expect(line).toMatchObject({ kind: 'ACTION_ASSIGNED', subject: 'Du har en ny opgave i Samråd – SSD Test', path: '/' });
    expect(JSON.stringify(line)).not.toContain(forum.users.school!.email);
    expect(await rowOf(logged!)).toMatchObject({ status: 'SENT' });

    const [off] = await queueAssigned(1);
    const prod = createMailTransport({ NODE_ENV: 'production', SMTP_SECURE: false });
    expect(prod.mode).toBe('off');
    await sendPendingMails({ db: server.db, transport: prod, origin: ORIGIN, now: new Date() });
    expect(await rowOf(off!)).toMatchObject({ status: 'SKIPPED', lastError: 'mail_off' });
    expect(receivedFor(off!)).toHaveLength(0);
  });
});
