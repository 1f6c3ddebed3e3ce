import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from './helpers/clients.js';
import { addAgendaItem, assess, createAction, createCase, createFollowUp, createMeeting } from './helpers/domain-factories.js';
import { createForum, createOutsider, type TestForum } from './helpers/factories.js';
import { pdfText } from './helpers/pdf-text.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let forum: TestForum;
const DESCRIPTION = 'dreng, 4 år, dagtilbud i distrikt Nord';

beforeAll(async () => {
  server = await startTestServer();
  forum = await createForum(server.db.prisma, {
    chair: { sector: 'SOCIAL', role: 'CHAIR', name: 'Ahmed Nielsen' },
    school: { sector: 'SKOLE', role: 'MEMBER', name: 'Mette Skov' },
    nurse: { sector: 'SUNDHEDSPLEJE', role: 'MEMBER', name: 'Sara Lind' },
  });
  await server.db.prisma.forum.update({ where: { id: forum.forumId }, data: { name: 'SSD Nord' } });
});
afterAll(async () => {
  await server?.close();
});

describe('minutes', () => {
  it('[T9][MN4] the minutes of a closed meeting are a Danish PDF with participants, levels, actions and follow-ups, and no identifying child data', async () => {
    const db = server.db.prisma;
    const { chair, school, nurse } = forum.users as Record<string, { id: string; email: string }>;
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date('2026-11-24T08:00:00Z'), status: 'RUNNING', place: 'Mødelokale Æblehaven' });
    await db.meetingParticipant.createMany({
      data: [
        { meetingId: meeting.id, userId: chair!.id },
        { meetingId: meeting.id, userId: school!.id },
        { meetingId: meeting.id, guestLabel: 'Forælder' },
      ],
    });
    const named = await createCase(db, forum.forumId, chair!.id, {
      description: DESCRIPTION,
      childName: 'Hemmelig Hansen',
      childCpr: '0101201234',
      childAddress: 'Skjultvej 7',
      parentNames: 'Ukendt Forældrenavn',
    });
    const second = await createCase(db, forum.forumId, chair!.id, { description: 'pige, 2 år, sundhedspleje' });
    const secondItem = await addAgendaItem(db, meeting.id, second.id, 1, { outcome: 'Ingen yderligere bekymring', noFollowUpReason: 'Bekymringen er afklaret' });
    await db.agendaItem.update({ where: { id: secondItem.id }, data: { startedAt: new Date('2026-11-24T08:40:00Z') } }); // discussed, not assessed
    // On the agenda but never reached: not in the minutes (MN2).
    const skipped = await createCase(db, forum.forumId, chair!.id, { description: 'dreng, 11 år, ikke nået' });
    await addAgendaItem(db, meeting.id, skipped.id, 2);
    await addAgendaItem(db, meeting.id, named.id, 0, { outcome: 'Skolen tager kontakt til forældrene' });
    await assess(db, { caseId: named.id, meetingId: meeting.id, level: 4, sosScale: 3, recordedById: chair!.id });
    await createAction(db, named.id, { title: 'Samtale med forældre', responsibleUserId: school!.id, dueDate: '2026-12-01', status: 'IN_PROGRESS', position: 0 });
    await createAction(db, named.id, { title: 'Hjemmebesøg', responsibleUserId: nurse!.id, dueDate: '2026-12-15', status: 'DONE', position: 1, ladderStep: 2 });
    await createFollowUp(db, named, { dueDate: '2027-01-12', responsibleUserId: chair!.id, agreedInMeetingId: meeting.id });

    const cookie = await login(server.url, server.origin, school!.email);
    const url = `${server.url}/api/meetings/${meeting.id}/minutes.pdf`;
    const running = await fetch(url, { headers: { cookie } });
    expect(running.status).toBe(409);
    expect(await running.json()).toEqual({ error: 'meeting_not_closed' });

    await db.meeting.update({ where: { id: meeting.id }, data: { status: 'CLOSED', closedAt: new Date() } });
    const res = await fetch(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="referat-ssd-2026-11-24.pdf"');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(pdf.length);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const text = pdfText(pdf);
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Referat',
      'Testkommune',
      'SSD Nord – SSD',
      '24. november 2026 kl. 09.00',
      'Mødelokale Æblehaven',
      'Ahmed Nielsen (Socialrådgivning)',
      'Mette Skov (Skole)',
      'Forælder (gæst)',
      `1. Sag ${named.reference}`,
      DESCRIPTION,
      'Børnelinealen: 4 – Alvorlig bekymring',
      'Signs of Safety-skala: 3/10',
      'Skolen tager kontakt til forældrene',
      'Samtale med forældre – Mette Skov (Skole), frist 01.12.2026 – I gang',
      'Hjemmebesøg – Sara Lind (Sundhedspleje), frist 15.12.2026, Indsatstrappen trin 2 (Hjemmebaserede indsatser) – Udført',
      'Opfølgning: 12.01.2027, ansvarlig Ahmed Nielsen (Socialrådgivning)',
      `2. Sag ${second.reference}`,
      'Ingen opfølgning: Bekymringen er afklaret',
    ]) {
      expect(flat).toContain(expected);
    }
    // MN1: marked confidential with page numbers; MN2: only the discussed cases.
    expect(flat).toContain('Fortroligt – indeholder personoplysninger');
    expect(flat).toMatch(/Side 1 af \d/);
    expect(flat).not.toContain(skipped.reference);
    expect(flat).not.toContain('ikke nået');
    // MN4: these cases were concluded without a kept version (written straight as rows): the minutes fall back to
    // the rows as they stand, without the record's sections.
    for (const section of ['Hjemmel:', 'Barnets stemme', 'Signs of Safety Hvad']) expect(flat).not.toContain(section);
    // The first agenda item comes first.
    expect(flat.indexOf(named.reference)).toBeLessThan(flat.indexOf(second.reference));
    // Anonymity: nothing identifying, not in the text and not in the raw bytes (metadata).
    for (const secret of ['Hemmelig', '0101201234', 'Skjultvej', 'Forældrenavn']) {
      expect(flat).not.toContain(secret);
      expect(pdf.toString('latin1')).not.toContain(secret);
    }
  });

  it('[T9] a meeting of a forum the user is not in, or an unknown meeting, is 404', async () => {
    const db = server.db.prisma;
    const meeting = await createMeeting(db, forum.forumId, { startsAt: new Date(), status: 'CLOSED' });
    const outsider = await createOutsider(db, forum.municipalityId);
    const cookie = await login(server.url, server.origin, outsider.email);
    expect((await fetch(`${server.url}/api/meetings/${meeting.id}/minutes.pdf`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${server.url}/api/meetings/nope/minutes.pdf`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${server.url}/api/meetings/${meeting.id}/minutes.pdf`)).status).toBe(401);
  });
});
