/**
 * Parents taking part (docs/SPEC.md, PA): the chair invites a custody holder, the invitation goes through the mail
 * outbox to a real SMTP server, the parent signs in with the mailed code, reads the shared family version, adds their
 * words, accepts the plan and withdraws consent; each step recorded and audited with the invitation as the actor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedInvitation, InvitationView, ParentView } from '../shared/parents.js';
import { todayInCopenhagen } from '../server/features/tasks/dates.js';
import { apiAs, type ApiClient } from './helpers/api.js';
import { createForum, type TestForum } from './helpers/factories.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { linksIn, startSmtp, type TestSmtp } from './helpers/smtp.js';
import { eventually, mailsArrive, parentClient, sharedCase } from './parents-helpers.js';

const ORIGIN = 'https://samraad.test.kommune.dk';
let smtp: TestSmtp;
let server: TestServer;
let forum: TestForum;
let chair: ApiClient;
const today = () => todayInCopenhagen();

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: 'Samråd <samraad@test.kommune.dk>', PUBLIC_ORIGIN: ORIGIN, ALLOWED_ORIGINS: ORIGIN });
  forum = await createForum(server.db.prisma, { chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Sara Berg' }, school: { sector: 'SKOLE', role: 'MEMBER' } });
  chair = await apiAs(server.url, server.origin, forum.users.chair!.email);
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

describe('parents taking part', () => {
  it('[PA1][PA2][PA3][PA4][PA5][PA6][PA8] invite → mail → code → view → words → accept → consent → audit', async () => {
    const db = server.db.prisma;
    const kase = await sharedCase(server, forum, chair);
    const created = await chair.send<CreatedInvitation>('POST', `/api/parent/cases/${kase.id}/invitations`, { name: 'Anne', email: 'Anne.Hansen@example.dk', role: 'CUSTODY_HOLDER' });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toMatchObject({ name: 'Anne', email: 'anne.hansen@example.dk', role: 'CUSTODY_HOLDER', status: 'open' });
    expect(created.body.link).toMatch(new RegExp(`^${ORIGIN}/foraelder#[A-Za-z0-9_-]{40,}$`));
    const token = created.body.link.split('#')[1]!;
    // PA1: only the hash is stored; the clear token waits for the mail.
    const row = await db.parentInvitation.findUniqueOrThrow({ where: { id: created.body.invitation.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(row.mailToken).toBe(token);
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(13 * 86_400_000);

    // ML8: sent at once, not at the mail job's next run.
    const [invitationMail] = await mailsArrive(smtp, 'anne.hansen@example.dk', 1);
    expect(invitationMail!.subject).toContain('Du er inviteret til et møde om jeres barn i Samråd');
    expect(invitationMail!.text).toContain('Du er inviteret til et møde om jeres barn i Samråd');
    expect(linksIn(invitationMail!.text)).toEqual([created.body.link]);
    for (const secret of ['Oliver', 'Hansen', kase.reference, kase.id, 'fravær']) expect(invitationMail!.text).not.toContain(secret);
    // Forgotten once sent (in the transaction that marks the row sent, just after the SMTP server took it).
    expect((await eventually(() => db.parentInvitation.findUniqueOrThrow({ where: { id: row.id } }), (r) => r.mailToken === null)).mailToken).toBeNull();

    // PA2: the code, by mail to the invited address.
    const parent = parentClient(server.url, ORIGIN);
    expect((await parent.call('POST', '/api/parent/sign-in/start', { token, email: 'anne.hansen@example.dk' })).status).toBe(202);
    const codeMail = (await mailsArrive(smtp, 'anne.hansen@example.dk', 2))[1]!;
    const code = /(\d{6})/.exec(codeMail.text)![1]!;
    for (const secret of ['Oliver', kase.reference]) expect(codeMail.text).not.toContain(secret);
    const verified = await parent.call('POST', '/api/parent/sign-in/verify', { token, email: 'anne.hansen@example.dk', code });
    expect(verified.status).toBe(204);
    expect(verified.setCookie).toMatch(/^samraad_parent=.+; Max-Age=7200; Path=\/api\/parent; HttpOnly; (Secure; )?SameSite=Strict/);
    // The code is used once.
    expect((await parentClient(server.url, ORIGIN).call('POST', '/api/parent/sign-in/verify', { token, email: 'anne.hansen@example.dk', code })).status).toBe(401);

    // PA3: the shared version, never the chair's later draft.
    const view = await parent.call('GET', '/api/parent/view');
    expect(view.status).toBe(200);
    const v = view.body as ParentView;
    expect(v.shared!.revision).toBe(1);
    expect(v.shared!.content.worries).toBe('Vi er bekymrede for Oliver Hansens fravær.');
    expect(JSON.stringify(v)).not.toContain('KLADDE');
    expect(v.houses).not.toBeNull();
    expect(v.invitation).toMatchObject({ name: 'Anne', role: 'CUSTODY_HOLDER' });

    // PA4: their own words, CPR-checked.
    expect((await parent.call('PUT', '/api/parent/words', { text: 'Oliver er 120315-1234' })).body).toEqual({ error: 'cpr_not_allowed', field: 'text' });
    const words = await parent.call('PUT', '/api/parent/words', { text: 'Vi synes, skolen skal ringe oftere.' });
    expect(words.status).toBe(200);
    // PA5: accept the shared revision (a stale one is refused).
    expect((await parent.call('POST', '/api/parent/plan/answer', { revision: 2, accepted: true })).status).toBe(409);
    expect((await parent.call('POST', '/api/parent/plan/answer', { revision: 1, accepted: true, comment: 'Fint.' })).status).toBe(204);
    // PA6: consent given, then withdrawn; the withdrawal ends the consent basis (LB8).
    expect((await parent.call('POST', '/api/parent/consent', { given: true })).status).toBe(204);
    expect((await parent.call('POST', '/api/parent/consent', { given: false })).status).toBe(204);
    const basis = await db.caseBasis.findFirstOrThrow({ where: { caseId: kase.id, endedAt: null } });
    expect(basis.consentWithdrawnOn?.toISOString().slice(0, 10)).toBe(today());
    const consents = await db.parentConsent.findMany({ where: { caseId: kase.id }, orderBy: { at: 'asc' } });
    expect(consents.map((c) => [c.given, c.invitationId, c.basisId])).toEqual([
      [true, row.id, basis.id],
      [false, row.id, basis.id],
    ]);
    expect(consents[0]!.scope).toContain('skolegang og trivsel');

    // PA7: the chair sees the parent's words, answer and consent (until the withdrawal refuses the family view).
    const audits = await db.auditEntry.findMany({ where: { userId: `parent:${row.id}` }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => `${a.action}:${a.purpose}`)).toEqual([
      'CREATE:parent-sign-in-code',
      'LOGIN:parent-sign-in',
      'LOGIN_FAILED:parent-sign-in', // the used code tried again
      'READ:parent-view',
      'UPDATE:parent-words',
      'UPDATE:parent-plan-answer',
      'UPDATE:parent-consent-given',
      'UPDATE:parent-consent-withdrawn',
    ]);
    expect(audits.every((a) => a.caseId === kase.id)).toBe(true);
    const chairAudit = await db.auditEntry.findFirst({ where: { userId: forum.users.chair!.id, purpose: 'parent-invitation', action: 'CREATE' } });
    expect(chairAudit?.criterion).toBe(`invitation=${row.id}`);
  });

  it('[PA7] the chair lists the invitations with the parents\' words and answers; a young person needs the chair\'s confirmation of 15+', async () => {
    const kase = await sharedCase(server, forum, chair, 'Ida Jensen');
    expect((await chair.send('POST', `/api/parent/cases/${kase.id}/invitations`, { name: 'Ida', email: 'ida@example.dk', role: 'YOUNG_PERSON' })).status).toBe(400);
    const created = await chair.send<CreatedInvitation>('POST', `/api/parent/cases/${kase.id}/invitations`, { name: 'Ida', email: 'ida@example.dk', role: 'YOUNG_PERSON', confirmedFifteen: true });
    expect(created.status).toBe(201);
    const school = await apiAs(server.url, server.origin, forum.users.school!.email);
    expect((await school.send('POST', `/api/parent/cases/${kase.id}/invitations`, { name: 'X', email: 'x@example.dk', role: 'CUSTODY_HOLDER' })).status).toBe(403);
    const list = await school.get<{ invitations: InvitationView[]; canInvite: boolean }>(`/api/parent/cases/${kase.id}/invitations`);
    expect(list.status).toBe(200);
    expect(list.body.canInvite).toBe(false);
    expect(list.body.invitations.map((i) => i.role)).toEqual(['YOUNG_PERSON']);
    // Revoked: the link no longer signs in.
    expect((await chair.send('DELETE', `/api/parent/invitations/${created.body.invitation.id}`)).status).toBe(204);
    const token = created.body.link.split('#')[1]!;
    expect((await parentClient(server.url, ORIGIN).call('POST', '/api/parent/sign-in/start', { token, email: 'ida@example.dk' })).body).toEqual({ error: 'invitation_invalid' });
  });

  it('[PA7] a case whose basis does not name the child has no family part: its list is empty, nobody may invite, and a refusal is on the record', async () => {
    const created = await chair.send<{ id: string }>('POST', `/api/forums/${forum.forumId}/cases`, { description: 'dreng, 7 år' });
    expect(created.status).toBe(201);
    const list = await chair.get<{ invitations: InvitationView[]; canInvite: boolean }>(`/api/parent/cases/${created.body.id}/invitations`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ invitations: [], canInvite: false });
    expect((await chair.send('POST', `/api/parent/cases/${created.body.id}/invitations`, { name: 'Anne', email: 'anne@example.dk', role: 'CUSTODY_HOLDER' })).status).toBe(409);
    expect(await server.db.prisma.auditEntry.count({ where: { caseId: created.body.id, action: 'DENIED' } })).toBeGreaterThan(0);
  });

  it('[PA11] the chair invites in English: the invitation mail, the code mail and the parent\'s page are English; Danish is the default', async () => {
    const db = server.db.prisma;
    const kase = await sharedCase(server, forum, chair, 'Noah Berg');
    const path = `/api/parent/cases/${kase.id}/invitations`;
    expect((await chair.send('POST', path, { name: 'Quinn', email: 'sam@example.dk', role: 'CUSTODY_HOLDER', language: 'de' })).body).toMatchObject({ error: 'invalid_input' });
    const created = await chair.send<CreatedInvitation>('POST', path, { name: 'Quinn', email: 'sam@example.dk', role: 'CUSTODY_HOLDER', language: 'en' });
    expect(created.status).toBe(201);
    expect(created.body.invitation.language).toBe('en');
    const danish = await chair.send<CreatedInvitation>('POST', path, { name: 'Mor', email: 'mor.berg@example.dk', role: 'CUSTODY_HOLDER' });
    expect(danish.body.invitation.language).toBe('da');
    expect((await db.parentInvitation.findUniqueOrThrow({ where: { id: created.body.invitation.id } })).language).toBe('en');

    const [invitationMail] = await mailsArrive(smtp, 'sam@example.dk', 1);
    expect(invitationMail!.subject).toBe('You are invited to a meeting about your child in Samråd – Testkommune');
    expect(invitationMail!.text).toContain('Open the link to sign in.');
    expect(invitationMail!.text).not.toMatch(/Du er inviteret|Linket virker/);
    expect(linksIn(invitationMail!.text)).toEqual([created.body.link]);
    expect((await mailsArrive(smtp, 'mor.berg@example.dk', 1))[0]!.subject).toContain('Du er inviteret til et møde om jeres barn i Samråd');
    for (const secret of ['Noah', 'Berg', kase.reference, kase.id, 'fravær', 'Quinn']) expect(invitationMail!.text).not.toContain(secret);

    // The page before sign-in learns the language from the link's token (nothing else).
    const token = created.body.link.split('#')[1]!;
    const parent = parentClient(server.url, ORIGIN);
    expect((await parent.call('POST', '/api/parent/sign-in/info', { token })).body).toEqual({ language: 'en', mitid: false });
    expect((await parent.call('POST', '/api/parent/sign-in/info', { token: 'x'.repeat(43) })).body).toEqual({ error: 'invitation_invalid' });
    // No broker configured: no MitID.
    expect((await parent.call('POST', '/api/parent/mitid/start', { token })).status).toBe(404);

    expect((await parent.call('POST', '/api/parent/sign-in/start', { token, email: 'sam@example.dk' })).status).toBe(202);
    const codeMail = (await mailsArrive(smtp, 'sam@example.dk', 2))[1]!;
    expect(codeMail.subject).toBe('Your code for Samråd – Testkommune');
    expect(codeMail.text).toMatch(/^Your code for Samråd is: \d{6}\n\nThe code works for 10 minutes, and only once\./);
    const code = /(\d{6})/.exec(codeMail.text)![1]!;
    expect((await parent.call('POST', '/api/parent/sign-in/verify', { token, email: 'sam@example.dk', code })).status).toBe(204);
    const view = (await parent.call('GET', '/api/parent/view')).body as ParentView;
    expect(view.invitation.language).toBe('en');
    expect(view.consent.scope).toBe('skolegang og trivsel; to social work, school; purpose: tidlig indsats');
  });

  it('[ML8] the code comes at once, without the mail job; the job never sends it again; a code the SMTP server could not take is sent by the job later, once', async () => {
    const db = server.db.prisma;
    const kase = await sharedCase(server, forum, chair, 'Ella Holm');
    const created = await chair.send<CreatedInvitation>('POST', `/api/parent/cases/${kase.id}/invitations`, { name: 'Far', email: 'far.holm@example.dk', role: 'CUSTODY_HOLDER' });
    const token = created.body.link.split('#')[1]!;
    await mailsArrive(smtp, 'far.holm@example.dk', 1);
    const parent = parentClient(server.url, ORIGIN);

    const asked = Date.now();
    expect((await parent.call('POST', '/api/parent/sign-in/start', { token, email: 'far.holm@example.dk' })).status).toBe(202);
    const [, codeMail] = await mailsArrive(smtp, 'far.holm@example.dk', 2, 3000);
    expect(Date.now() - asked).toBeLessThan(3000);
    const codeRow = await eventually(() => db.parentCode.findFirstOrThrow({ where: { invitationId: created.body.invitation.id } }), (r) => r.mailCode === null);
    const row = await eventually(() => db.mailOutbox.findFirstOrThrow({ where: { kind: 'PARENT_CODE', refId: codeRow.id } }), (r) => r.status === 'SENT');
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(codeMail!.messageId).toBe(`<${row.id}@samraad.test.kommune.dk>`);
    expect(codeRow.mailCode).toBeNull(); // forgotten once sent
    // The mail job finds nothing left to send: the code was mailed once.
    await server.runJob('mail');
    expect(smtp.mailsTo('far.holm@example.dk')).toHaveLength(2);

    // The SMTP server is down when the next code is asked for: the row stays pending, and nothing is lost.
    await smtp.stop();
    try {
      expect((await parent.call('POST', '/api/parent/sign-in/start', { token, email: 'far.holm@example.dk' })).status).toBe(202);
      const pending = async () => {
        const codes = await db.parentCode.findMany({ where: { invitationId: created.body.invitation.id }, orderBy: { createdAt: 'desc' }, take: 1 });
        return db.mailOutbox.findFirst({ where: { kind: 'PARENT_CODE', refId: codes[0]!.id } });
      };
      const deadline = Date.now() + 15_000;
      let failed = await pending();
      while (!(failed && failed.attempts === 1) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        failed = await pending();
      }
      expect(failed).toMatchObject({ status: 'PENDING', attempts: 1 });
      expect(failed!.lastError).toMatch(/^E/);
    } finally {
      await smtp.start();
    }
    // Later (its backoff over), the job sends it, once.
    await db.mailOutbox.updateMany({ where: { kind: 'PARENT_CODE', status: 'PENDING' }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    await server.runJob('mail');
    const mails = await mailsArrive(smtp, 'far.holm@example.dk', 3);
    await server.runJob('mail');
    expect(smtp.mailsTo('far.holm@example.dk')).toHaveLength(3);
    const code = /(\d{6})/.exec(mails[2]!.text)![1]!;
    expect((await parent.call('POST', '/api/parent/sign-in/verify', { token, email: 'far.holm@example.dk', code })).status).toBe(204);
  });
});
