/**
 * Demo cases for development mode: realistic, fictional, anonymous cases with
 * concern notes from several sectors, Signs of Safety maps, the child's voice,
 * network, action plans, levels and follow-ups, plus a past (closed) and an
 * upcoming meeting per forum. Case documents are written as snapshots and
 * mirrored exactly as the live server would.
 */
import { inTransaction } from '../db/checkout.js';
import crypto from 'node:crypto';
import * as Y from 'yjs';
import type { Sector } from '../../shared/domain.js';
import type { Database } from '../db/client.js';
import { mirrorCaseDocument } from '../features/cases/mirror.js';
import { newCaseReference } from '../features/cases/reference.js';

interface DemoCase {
  description: string;
  level: number;
  sos: number;
  notes: Array<[Sector, string]>;
  worries: string[];
  strengths: string[];
  next: string[];
  voice: string;
  network: Array<[string, string, string]>;
  actions: Array<{ title: string; sector: Sector; step: number; inDays: number; status: 'PLANNED' | 'IN_PROGRESS' | 'DONE' }>;
  followUpInDays: number;
}

const CASES: Record<string, DemoCase[]> = {
  'SSD Nord': [
    {
      description: 'dreng, 7 år, 1. klasse, Nordskolen',
      level: 3,
      sos: 4,
      notes: [
        ['SKOLE', 'Kommer ofte for sent og virker træt. Har svært ved at falde til ro efter frikvarter.'],
        ['SUNDHEDSPLEJE', 'Ved skolesundhedsundersøgelsen fortæller han, at han sover dårligt. Vægt følger kurven.'],
        ['SOCIAL', 'Mor har selv kontaktet kommunen om hjælp til struktur i hverdagen.'],
      ],
      worries: ['Søvn og træthed i skolen', 'Konflikter i frikvartererne'],
      strengths: ['Mor samarbejder og ønsker hjælp', 'God relation til klasselæreren'],
      next: ['Fast morgenrutine aftales med mor', 'Støtte i frikvarterer'],
      voice: 'Jeg kan godt lide at bygge Lego med min morfar.',
      network: [['Morfar', 'bedsteforælder', 'henter to dage om ugen'], ['Fodboldtræner', 'fritid', 'fast voksen om onsdagen']],
      actions: [
        { title: 'Samtale med mor om morgenrutiner', sector: 'SKOLE', step: 0, inDays: 10, status: 'PLANNED' },
        { title: 'Tilbud om familiekursus', sector: 'SOCIAL', step: 1, inDays: -3, status: 'IN_PROGRESS' },
      ],
      followUpInDays: 28,
    },
    {
      description: 'pige, 4 år, børnehave i distrikt Nord',
      level: 2,
      sos: 7,
      notes: [
        ['DAGTILBUD', 'Taler meget lidt i børnehaven, men leger godt med en enkelt veninde.'],
        ['SUNDHEDSPLEJE', 'Ingen bemærkninger ved 3-årsundersøgelsen; forældrene har spurgt til sprogudvikling.'],
      ],
      worries: ['Sprogudvikling'],
      strengths: ['Tryg tilknytning til pædagog', 'Forældre engagerede'],
      next: ['Sprogvurdering'],
      voice: 'Jeg kan bedst lide gyngerne.',
      network: [['Moster', 'familie', 'passer i weekender']],
      actions: [{ title: 'Sprogvurdering i børnehaven', sector: 'DAGTILBUD', step: 0, inDays: 14, status: 'PLANNED' }],
      followUpInDays: 42,
    },
    {
      description: 'dreng, 11 år, 5. klasse',
      level: 4,
      sos: 2,
      notes: [
        ['SKOLE', 'Højt fravær de seneste seks uger. Fortæller at der er råb derhjemme.'],
        ['SOCIAL', 'Der er modtaget en underretning; børnefaglig undersøgelse er igangsat.'],
      ],
      worries: ['Fravær', 'Uro i hjemmet'],
      strengths: ['Har en god ven i klassen'],
      next: ['Børnefaglig undersøgelse', 'Daglig kontakt med klasselærer'],
      voice: 'Jeg vil gerne være mere i skole.',
      network: [['Farmor', 'bedsteforælder', 'kan tilbyde overnatning']],
      actions: [
        { title: 'Fraværsopfølgning hver uge', sector: 'SKOLE', step: 0, inDays: 7, status: 'IN_PROGRESS' },
        { title: 'Familiebehandling i hjemmet', sector: 'SOCIAL', step: 2, inDays: 21, status: 'PLANNED' },
      ],
      followUpInDays: -2,
    },
  ],
  'SSP Øst': [
    {
      description: 'dreng, 14 år, 8. klasse',
      level: 3,
      sos: 5,
      notes: [
        ['SKOLE', 'Har fået nye venner uden for skolen og har skiftet adfærd.'],
        ['POLITI', 'Set i området ved stationen sent om aftenen sammen med ældre unge.'],
      ],
      worries: ['Ny omgangskreds', 'Sene aftener'],
      strengths: ['Spiller håndbold', 'Far er opmærksom'],
      next: ['Bekymringssamtale med far og dreng'],
      voice: 'Det er bare nogle, jeg hænger ud med.',
      network: [['Håndboldtræner', 'fritid', 'tæt kontakt']],
      actions: [{ title: 'Bekymringssamtale', sector: 'POLITI', step: 1, inDays: 5, status: 'PLANNED' }],
      followUpInDays: 21,
    },
  ],
  'Trivselsforum 0-3 Syd': [
    {
      description: 'pige, 8 måneder, dagpleje',
      level: 2,
      sos: 6,
      notes: [['SUNDHEDSPLEJE', 'Mor virker presset; barnet trives og udvikler sig alderssvarende.']],
      worries: ['Mors trivsel'],
      strengths: ['Barnet trives', 'Stort netværk'],
      next: ['Ekstra besøg af sundhedsplejersken'],
      voice: '',
      network: [['Mormor', 'bedsteforælder', 'aflaster mor']],
      actions: [{ title: 'Ekstra sundhedsplejebesøg', sector: 'SUNDHEDSPLEJE', step: 1, inDays: 12, status: 'PLANNED' }],
      followUpInDays: 35,
    },
  ],
  'Distriktsteam Vest': [
    {
      description: 'dreng, 9 år, 3. klasse',
      level: 3,
      sos: 5,
      notes: [
        ['SKOLE', 'Meget urolig i timerne; har svært ved at koncentrere sig.'],
        ['PPR', 'PPR har observeret i klassen og foreslår en pædagogisk-psykologisk vurdering.'],
      ],
      worries: ['Koncentration', 'Uro i klassen'],
      strengths: ['Kreativ og hjælpsom'],
      next: ['PPV fra PPR'],
      voice: 'Det er svært når alle snakker.',
      network: [],
      actions: [{ title: 'Pædagogisk-psykologisk vurdering', sector: 'PPR', step: 0, inDays: 30, status: 'PLANNED' }],
      followUpInDays: 45,
    },
  ],
};

const day = (offset: number) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offset);
  return d;
};
const isoDay = (offset: number) => day(offset).toISOString().slice(0, 10);

function caseDocument(c: DemoCase, memberOf: (s: Sector) => string | undefined): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const fragment = doc.getXmlFragment('prosemirror');
    for (const [sector, text] of c.notes) {
      const p = new Y.XmlElement('paragraph');
      p.setAttribute('author', memberOf(sector) ?? '');
      p.setAttribute('sector', sector);
      p.insert(0, [new Y.XmlText(text)]);
      fragment.push([p]);
    }
    const sos = doc.getMap<Y.Array<Y.Map<string>>>('sos');
    for (const [key, items] of [['worries', c.worries], ['strengths', c.strengths], ['next', c.next]] as const) {
      const column = new Y.Array<Y.Map<string>>();
      sos.set(key, column);
      column.push(items.map((text) => new Y.Map<string>([['id', crypto.randomUUID()], ['text', text]])));
    }
    doc.getText('voice').insert(0, c.voice);
    doc.getArray<Y.Map<string>>('network').push(
      c.network.map(([name, relation, contribution]) => new Y.Map([['id', crypto.randomUUID()], ['name', name], ['relation', relation], ['contribution', contribution]])),
    );
    doc.getArray<Y.Map<unknown>>('actions').push(
      c.actions.map(
        (a) =>
          new Y.Map<unknown>([
            ['id', crypto.randomUUID()],
            ['title', a.title],
            ['responsibleUserId', memberOf(a.sector) ?? null],
            ['ladderStep', a.step],
            ['dueDate', isoDay(a.inDays)],
            ['status', a.status],
          ]),
      ),
    );
  });
  return doc;
}

export async function seedDemoCases(db: Database, forumIds: Map<string, string>): Promise<void> {
  const { prisma, pool } = db;
  for (const [forumName, cases] of Object.entries(CASES)) {
    const forumId = forumIds.get(forumName)!;
    const members = await prisma.membership.findMany({ where: { forumId } });
    const memberOf = (s: Sector) => members.find((m) => m.sector === s)?.userId;
    const chair = members.find((m) => m.role === 'CHAIR')!.userId;
    const past = await prisma.meeting.create({
      data: { forumId, startsAt: new Date(day(-28).getTime() + 9 * 3600_000), place: 'Rådhuset, mødelokale 3', status: 'CLOSED', startedAt: day(-28), closedAt: day(-28) },
    });
    const upcoming = await prisma.meeting.create({
      data: { forumId, startsAt: new Date(day(7).getTime() + 9 * 3600_000), place: 'Rådhuset, mødelokale 3' },
    });
    await prisma.meetingParticipant.createMany({ data: members.map((m) => ({ meetingId: past.id, userId: m.userId })) });
    let position = 0;
    for (const c of cases) {
      position++;
      const doc = caseDocument(c, memberOf);
      const document = await prisma.document.create({ data: { forumId, title: 'Sag', docName: crypto.randomBytes(12).toString('base64url') } });
      const reference = newCaseReference(6);
      const kase = await prisma.case.create({
        data: { forumId, reference, description: c.description, documentId: document.id, createdById: chair, createdAt: day(-60) },
      });
      await prisma.document.update({ where: { id: document.id }, data: { title: `Sag ${reference}` } });
      try {
        await inTransaction(pool, async (client) => {
          const state = Y.encodeStateAsUpdate(doc);
          await client.query('INSERT INTO "DocSnapshot" ("documentId", state, "upToId") VALUES ($1, $2, 0)', [document.id, Buffer.from(state)]);
          await mirrorCaseDocument(client, document.id, state);
        });
      } finally {
        doc.destroy();
      }
      await prisma.agendaItem.create({
        data: { meetingId: past.id, caseId: kase.id, position, timeboxMinutes: 20, startedAt: day(-28), endedAt: day(-28), outcome: c.next[0] ?? null },
      });
      await prisma.caseAssessment.create({ data: { caseId: kase.id, meetingId: past.id, level: c.level, sosScale: c.sos, recordedById: chair, recordedAt: day(-28) } });
      await prisma.followUp.create({
        data: { caseId: kase.id, forumId, agreedInMeetingId: past.id, dueDate: day(c.followUpInDays), responsibleUserId: memberOf(c.notes[0]![0]) ?? chair },
      });
      await prisma.agendaItem.create({ data: { meetingId: upcoming.id, caseId: kase.id, position, timeboxMinutes: 15 } });
    }
  }
}
