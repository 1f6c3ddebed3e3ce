/**
 * A year of a mid-sized municipality, for trying key figures, search and the daily pages at a realistic size
 * (docs/SPEC.md KF10; `npm run seed:municipality`, scripts/seed-municipality.ts). "Fjordby Kommune": 8 forums,
 * about 60 meetings (the last year's, closed, and each forum's next), 400 cases created over the year, about 1 200
 * actions, levels and Signs of Safety scales moving from meeting to meeting, the ladder step following the action
 * plan, follow-ups held on time, late or not at all, cases closed. Everyone and everything is fictional; the text is
 * Danish and anonymous (no names, no CPR numbers in it).
 *
 * Case documents are Yjs documents built from the server's own starting state (cases/initial-doc.ts), changed
 * meeting by meeting and stored and mirrored exactly as the server stores a document (DocSnapshot, then
 * mirrorCaseDocument in the same transaction: action rows, ladder changes, the search row). What the mirror dates
 * "now" (the ladder change, the action's creation) is dated back to the meeting it belongs to. Each concluded
 * meeting keeps its version (versions/snapshot.ts), as closing a meeting does.
 *
 * Refuses to run in production and refuses a second run (the municipality exists): it never changes data it did
 * not create. Deterministic for a given `now`.
 */
import crypto from 'node:crypto';
import * as Y from 'yjs';
import type { ForumType, Sector } from '../../shared/domain.js';
import { hashPassword } from '../auth/passwords.js';
import type { Database } from '../db/client.js';
import { inTransaction } from '../db/checkout.js';
import { initialCaseState } from '../features/cases/initial-doc.js';
import { mirrorCaseDocument } from '../features/cases/mirror.js';
import { newCaseReference } from '../features/cases/reference.js';
import { saveCaseVersion } from '../features/versions/snapshot.js';
import { newDocName } from './demo.js';

export const MUNICIPAL_DEMO_NAME = 'Fjordby Kommune';
export const MUNICIPAL_DEMO_DOMAIN = 'fjordby.demo.samraad.dk';

export class SeedRefused extends Error {}

export interface MunicipalSeedOptions {
  /** How many of the eight forums (the first ones), default 8. */
  forums?: number;
  /** How many cases in all, default 400. */
  cases?: number;
  /** The password of every seeded user; default a random one (returned). */
  password?: string;
  /** "Now" for the year (default the current time). */
  now?: Date;
  /** Another municipality name (tests). */
  name?: string;
  /** Progress lines (default none). */
  progress?: (line: string) => void;
}

export interface MunicipalSeedResult {
  municipalityId: string;
  password: string;
  users: Array<{ email: string; name: string; what: string }>;
  forums: number;
  meetings: number;
  cases: number;
  actions: number;
  followUps: number;
}

// ---- a seeded generator: the same year every time ----
function generator(seed: number) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number) => rnd() < p;
  const weighted = <T>(pairs: ReadonlyArray<readonly [T, number]>): T => {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = rnd() * total;
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs.at(-1)![0];
  };
  return { rnd, int, pick, chance, weighted };
}

const DAY = 86_400_000;

interface ForumPlan {
  name: string;
  type: ForumType;
  /** Sectors of the members; the first is the chair. */
  sectors: Sector[];
  /** Days between meetings. */
  every: number;
  /** Share of the cases. */
  weight: number;
  district: string;
}

const FORUMS: ForumPlan[] = [
  { name: 'SSD Nord', type: 'SSD', sectors: ['SOCIAL', 'SKOLE', 'DAGTILBUD', 'SUNDHEDSPLEJE', 'PPR'], every: 52, weight: 60, district: 'Nord' },
  { name: 'SSD Syd', type: 'SSD', sectors: ['SOCIAL', 'SKOLE', 'DAGTILBUD', 'SUNDHEDSPLEJE', 'PPR'], every: 52, weight: 60, district: 'Syd' },
  { name: 'Distriktsteam Øst', type: 'DISTRIKTSTEAM', sectors: ['SKOLE', 'DAGTILBUD', 'PPR', 'SOCIAL', 'SUNDHEDSPLEJE'], every: 49, weight: 50, district: 'Øst' },
  { name: 'SSP Fjordby', type: 'SSP', sectors: ['SOCIAL', 'SKOLE', 'POLITI'], every: 63, weight: 40, district: 'Midtby' },
  { name: 'Trivselsforum 0-3 Nord', type: 'TRIVSEL_0_3', sectors: ['SUNDHEDSPLEJE', 'DAGTILBUD', 'SOCIAL'], every: 56, weight: 40, district: 'Nord' },
  { name: 'SSD Midt', type: 'SSD', sectors: ['SOCIAL', 'SKOLE', 'DAGTILBUD', 'SUNDHEDSPLEJE', 'PPR'], every: 52, weight: 60, district: 'Midt' },
  { name: 'Distriktsteam Vest', type: 'DISTRIKTSTEAM', sectors: ['SKOLE', 'DAGTILBUD', 'PPR', 'SOCIAL', 'SUNDHEDSPLEJE'], every: 49, weight: 50, district: 'Vest' },
  { name: 'Trivselsforum 0-3 Syd', type: 'TRIVSEL_0_3', sectors: ['SUNDHEDSPLEJE', 'DAGTILBUD', 'SOCIAL'], every: 56, weight: 40, district: 'Syd' },
];

const FIRST = ['Anne', 'Mette', 'Jonas', 'Lars', 'Sara', 'Ahmed', 'Nina', 'Peter', 'Camilla', 'Mads', 'Louise', 'Søren', 'Hanne', 'Rasmus', 'Fatima', 'Kasper', 'Line', 'Thomas', 'Ida', 'Morten', 'Birgitte', 'Jesper', 'Maria', 'Henrik', 'Sofie', 'Ali', 'Karen', 'Niels', 'Julie', 'Emil', 'Pia', 'Martin', 'Zeynep', 'Bo', 'Lene', 'Kim'];
const LAST = ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Poulsen', 'Johansen', 'Møller', 'Mortensen', 'Holm', 'Dahl', 'Lund', 'Berg', 'Bach'];

/** What each sector writes in a concern note: plain behavioural language, nothing identifying. */
const NOTES: Record<Sector, string[]> = {
  SKOLE: [
    'Kommer ofte for sent og virker træt i første time. Har svært ved at falde til ro efter frikvarteret.',
    'Fraværet er steget til 14 % i dette skoleår, mest mandage. Lektierne bliver sjældent lavet.',
    'Er stille i timerne og søger ikke kontakt til de andre børn. Spiser alene i pausen.',
    'Har flere konflikter i frikvartererne, ofte om fodbold. Bliver hurtigt vred og går fra klassen.',
    'Har glemt madpakke flere gange om ugen siden efterårsferien og virker sulten.',
    'Læser under klassetrin og giver op, når opgaverne bliver svære. Er glad for praktiske fag.',
    'Fortæller klasselæreren, at der er råb derhjemme om aftenen, og at det er svært at sove.',
    'Trives bedre efter skift til ny klasse; har fået en fast ven og deltager mere i timerne.',
  ],
  DAGTILBUD: [
    'Taler meget lidt i børnehaven og bruger få ord. Leger helst alene ved byggeklodserne.',
    'Bliver ofte hentet sent og virker utryg ved afleveringen om morgenen.',
    'Har svært ved overgange og reagerer med gråd og uro, når dagen skifter.',
    'Tøjet passer ikke til vejret, og barnet er ofte sulten ved frokosten.',
    'Leger godt med en enkelt veninde; pædagogen oplever fremgang i sproget.',
    'Slår og bider de andre børn, når der er mange mennesker på stuen.',
  ],
  SUNDHEDSPLEJE: [
    'Ved besøget fortæller mor, at hun sover dårligt og føler sig alene med barnet. Barnet følger kurven.',
    'Vægten er faldet lidt under kurven siden sidste måling; der aftales ekstra vejninger.',
    'Barnet trives og udvikler sig alderssvarende, men forældrene er presset af boligsituationen.',
    'Ved skolesundhedsundersøgelsen fortæller barnet om søvnproblemer og hovedpine.',
    'Mor virker nedtrykt; der er talt om efterfødselsreaktion og henvist til egen læge.',
  ],
  SOCIAL: [
    'Mor har selv kontaktet kommunen og ønsker hjælp til struktur i hverdagen.',
    'Der er modtaget en underretning fra skolen; en børnefaglig undersøgelse er sat i gang.',
    'Familien har været i kontakt med rådgivningen før; forældrene samarbejder og er åbne.',
    'Far er flyttet, og samværet er ustabilt. Forældrene er uenige om aftaler.',
    'Familien har økonomiske problemer og er bekymret for at miste boligen.',
  ],
  PPR: [
    'PPR har observeret i klassen og foreslår en pædagogisk-psykologisk vurdering.',
    'Testningen viser et ujævnt profil; barnet profiterer af korte beskeder og visuel støtte.',
    'Samtalerne hos PPR har givet barnet ord for bekymringerne; angsten fylder mindre.',
  ],
  POLITI: [
    'Set i området ved stationen sent om aftenen sammen med ældre unge.',
    'Har været med, da der blev kastet med sten mod busser i weekenden; ingen sigtelse.',
    'Forældrene er kontaktet efter en bekymringssamtale; de samarbejder.',
  ],
  ANDET: ['Fritidsklubben oplever, at den unge kommer hver dag og hjælper de yngre.'],
};
const WORRIES = ['Søvn og træthed i skolen', 'Højt fravær', 'Konflikter med kammerater', 'Uro i hjemmet', 'Sprogudvikling', 'Mors trivsel', 'Ensomhed', 'Ny omgangskreds', 'Vrede udbrud', 'Spisning og vægt', 'Skolevægring', 'Skærm om natten'];
const STRENGTHS = ['Forældrene samarbejder og ønsker hjælp', 'God relation til klasselæreren', 'Glad for sin fodboldtræning', 'Mormor henter to dage om ugen', 'Har en god ven i klassen', 'Kreativ og hjælpsom', 'Tryg tilknytning til pædagogen', 'Stort netværk omkring familien'];
const NEXT = ['Fast morgenrutine aftales med forældrene', 'Støtte i frikvartererne', 'Netværksmøde med familien', 'Fraværsopfølgning hver fjortende dag', 'Sprogvurdering', 'Pædagogisk-psykologisk vurdering', 'Ekstra besøg af sundhedsplejersken', 'Samtale med barnet om de tre huse'];
const VOICE = ['Jeg kan godt lide at bygge Lego med min morfar.', 'Jeg er træt om morgenen.', 'Det er svært, når alle snakker på én gang.', 'Jeg vil gerne have flere venner.', 'Jeg kan bedst lide gyngerne.', 'Det er bare nogle, jeg hænger ud med.', 'Jeg vil gerne være mere i skole.'];
const HOUSE_WORRIES = ['Jeg er bange for at komme for sent.', 'Når mor og far råber.', 'At de andre griner af mig.'];
const HOUSE_GOOD = ['Min hund.', 'Når vi spiser sammen.', 'Fodbold om onsdagen.', 'Min lærer.'];
const HOUSE_DREAMS = ['En trampolin.', 'At vi flytter til et hus med have.', 'At blive fodboldspiller.'];
const NETWORK: Array<[string, string, string]> = [
  ['Mormor', 'bedsteforælder', 'henter om tirsdagen'],
  ['Morbror', 'familie', 'tager med til fodbold'],
  ['Naboen', 'nabo', 'kan hjælpe om morgenen'],
  ['Fodboldtræneren', 'fritid', 'holder øje med trivslen'],
  ['Faster', 'familie', 'overnatning i weekenden'],
  ['Farfar', 'bedsteforælder', 'læser lektier med barnet'],
];
/** Actions by the ladder step they are on, with the sector that usually owns them. */
const ACTIONS: Record<number, Array<[string, Sector]>> = {
  0: [
    ['Samtale med forældrene om morgenrutiner', 'SKOLE'],
    ['Trivselssamtale med barnet', 'SKOLE'],
    ['Sprogvurdering i dagtilbuddet', 'DAGTILBUD'],
    ['Ekstra opmærksomhed i frikvartererne', 'SKOLE'],
    ['Lektiehjælp i lektiecaféen', 'SKOLE'],
    ['Fraværsopfølgning hver uge', 'SKOLE'],
    ['Fast voksen ved afleveringen', 'DAGTILBUD'],
  ],
  1: [
    ['Forældrekursus i kommunen', 'SOCIAL'],
    ['Samtaleforløb hos PPR', 'PPR'],
    ['Ekstra sundhedsplejebesøg', 'SUNDHEDSPLEJE'],
    ['Mentor i skolen', 'SKOLE'],
    ['Søvnvejledning ved sundhedsplejersken', 'SUNDHEDSPLEJE'],
    ['Netværksmøde med familien', 'SOCIAL'],
  ],
  2: [
    ['Familiebehandling i hjemmet', 'SOCIAL'],
    ['Praktisk pædagogisk støtte i hjemmet', 'SOCIAL'],
    ['Fast kontaktperson', 'SOCIAL'],
    ['Aflastning i weekenderne', 'SOCIAL'],
  ],
  3: [['Anbringelse hos mormor og morfar', 'SOCIAL'], ['Netværksanbringelse hos moster', 'SOCIAL']],
  4: [['Anbringelse i plejefamilie', 'SOCIAL']],
  5: [['Anbringelse på døgninstitution', 'SOCIAL']],
};
const OUTCOMES = ['Skolen taler med forældrene inden næste møde.', 'Indsatsen fortsætter; vi følger op på næste møde.', 'Familien takker ja til tilbuddet.', 'Bekymringen er mindre; indsatsen trappes ned.', 'Der laves en børnefaglig undersøgelse.', 'Netværket inddrages mere.'];

const ascii = (s: string) => s.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa').replace(/[^a-z0-9]+/g, '');
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** A working day at 09:00 in Copenhagen (08:00 UTC is close enough all year round). */
function meetingTime(d: Date): Date {
  const t = new Date(d);
  t.setUTCHours(8, 0, 0, 0);
  while (t.getUTCDay() === 0 || t.getUTCDay() === 6 || t.getUTCMonth() === 6) t.setTime(t.getTime() + DAY);
  return t;
}

interface Action {
  id: string;
  title: string;
  sector: Sector;
  step: number;
  due: string;
  status: 'PLANNED' | 'IN_PROGRESS' | 'DONE' | 'DROPPED';
}

export async function seedMunicipality(db: Database, opts: MunicipalSeedOptions = {}): Promise<MunicipalSeedResult> {
  if (process.env.NODE_ENV === 'production') throw new SeedRefused('Demo-data oprettes aldrig i produktion (NODE_ENV=production).');
  const name = opts.name ?? MUNICIPAL_DEMO_NAME;
  const { prisma, pool } = db;
  if (await prisma.municipality.findFirst({ where: { name } })) {
    throw new SeedRefused(`${name} findes allerede i databasen; intet er ændret. (Kommandoen kører kun én gang pr. database.)`);
  }
  const progress = opts.progress ?? (() => {});
  const now = opts.now ?? new Date();
  const g = generator(20261203);
  const password = opts.password ?? crypto.randomBytes(9).toString('base64url');
  const passwordHash = await hashPassword(password);
  const plans = FORUMS.slice(0, Math.max(1, Math.min(FORUMS.length, opts.forums ?? FORUMS.length)));
  const totalCases = opts.cases ?? 400;
  const domain = name === MUNICIPAL_DEMO_NAME ? MUNICIPAL_DEMO_DOMAIN : `${ascii(name)}.demo.samraad.dk`;

  // ---- the municipality, its people and forums ----
  const municipality = await prisma.municipality.create({
    data: { name, levelLabels: ['Trives', 'Sårbar', 'Udsat', 'Alvorligt udsat', 'Truet'] },
  });
  const users: MunicipalSeedResult['users'] = [];
  const used = new Set<string>();
  const person = async (sector: Sector | null, roles: Array<'ADMIN' | 'MANAGEMENT'> = [], fixed?: { email: string; name: string }) => {
    let full = fixed?.name ?? '';
    let email = fixed?.email ?? '';
    while (!fixed && (!full || used.has(email))) {
      full = `${g.pick(FIRST)} ${g.pick(LAST)}`;
      email = `${ascii(full.split(' ')[0]!)}.${ascii(full.split(' ')[1]!)}@${domain}`;
    }
    used.add(email);
    const u = await prisma.user.create({ data: { municipalityId: municipality.id, email, name: full, passwordHash, municipalRoles: roles } });
    return { id: u.id, email, name: full, sector };
  };
  const manager = await person(null, ['MANAGEMENT'], { email: `leder@${domain}`, name: 'Birthe Mogensen' });
  users.push({ email: manager.email, name: manager.name, what: 'ledelse (nøgletal for hele kommunen)' });
  const admin = await person(null, ['ADMIN'], { email: `admin@${domain}`, name: 'Ole Administrator' });
  users.push({ email: admin.email, name: admin.name, what: 'administrator' });

  // Social workers and health visitors cover two forums each; everyone else one.
  const shared = new Map<string, Awaited<ReturnType<typeof person>>>();
  const forums: Array<{ id: string; plan: ForumPlan; members: Array<{ id: string; sector: Sector; chair: boolean; name: string; email: string }> }> = [];
  for (const [index, plan] of plans.entries()) {
    const forum = await prisma.forum.create({ data: { municipalityId: municipality.id, name: plan.name, type: plan.type } });
    await prisma.document.create({ data: { forumId: forum.id, title: `Fælles noter – ${plan.name}`, docName: newDocName() } });
    const members: (typeof forums)[number]['members'] = [];
    for (const [i, sector] of plan.sectors.entries()) {
      const key = `${sector}-${Math.floor(index / 2)}`;
      let p = sector === 'SOCIAL' || sector === 'SUNDHEDSPLEJE' ? shared.get(key) : undefined;
      if (!p) {
        p = await person(sector);
        if (sector === 'SOCIAL' || sector === 'SUNDHEDSPLEJE') shared.set(key, p);
      }
      const chair = i === 0;
      await prisma.membership.create({ data: { userId: p.id, forumId: forum.id, sector, role: chair ? 'CHAIR' : 'MEMBER' } });
      members.push({ id: p.id, sector, chair, name: p.name, email: p.email });
      if (!users.some((u) => u.email === p.email)) users.push({ email: p.email, name: p.name, what: '' });
      const u = users.find((x) => x.email === p.email)!;
      u.what = [u.what, `${sector}${chair ? ' (mødeleder)' : ''}, ${plan.name}`].filter(Boolean).join('; ');
    }
    forums.push({ id: forum.id, plan, members });
  }

  // ---- meetings: the last year's (closed) and each forum's next ----
  const yearAgo = now.getTime() - 365 * DAY;
  let meetingCount = 0;
  const meetingsOf = new Map<string, Array<{ id: string; at: Date; past: boolean }>>();
  for (const [i, f] of forums.entries()) {
    const list: Array<{ id: string; at: Date; past: boolean }> = [];
    let t = yearAgo + (5 + i * 4) * DAY;
    for (;;) {
      const at = meetingTime(new Date(t));
      const past = at.getTime() < now.getTime() - DAY / 2;
      const m = await prisma.meeting.create({
        data: {
          forumId: f.id,
          startsAt: at,
          place: `Rådhuset, mødelokale ${1 + (i % 4)}`,
          status: past ? 'CLOSED' : 'PLANNED',
          startedAt: past ? at : null,
          closedAt: past ? new Date(at.getTime() + 2 * 3600_000) : null,
        },
      });
      meetingCount++;
      list.push({ id: m.id, at, past });
      if (past) await prisma.meetingParticipant.createMany({ data: f.members.map((mb) => ({ meetingId: m.id, userId: mb.id })) });
      if (!past) break;
      t = at.getTime() + f.plan.every * DAY;
    }
    meetingsOf.set(f.id, list);
  }
  progress(`${plans.length} fora og ${meetingCount} møder oprettet`);

  // ---- cases ----
  const weights = plans.reduce((s, p) => s + p.weight, 0);
  let caseCount = 0;
  let followUpCount = 0;
  for (const f of forums) {
    const n = Math.round((totalCases * f.plan.weight) / weights);
    const meetings = meetingsOf.get(f.id)!;
    const chair = f.members.find((m) => m.chair)!;
    const memberOf = (s: Sector) => f.members.find((m) => m.sector === s) ?? chair;
    const positions = new Map<string, number>();
    for (let c = 0; c < n; c++) {
      // Created over the year, a few before it (still open when it began).
      const created = new Date(g.chance(0.08) ? yearAgo - g.int(10, 150) * DAY : yearAgo + g.rnd() * (now.getTime() - yearAgo - 2 * DAY));
      created.setUTCHours(g.int(7, 14), g.int(0, 59), 0, 0);
      const progressOfYear = Math.max(0, Math.min(1, (created.getTime() - yearAgo) / (365 * DAY)));
      const creator = g.pick(f.members);
      await seedCase({
        db,
        g,
        forum: f,
        created,
        creator,
        chair,
        memberOf,
        meetings: meetings.filter((m) => m.at.getTime() > created.getTime() + DAY),
        // Straks-indsatser become more common through the year (the strategy works).
        preAction: 0.3 + 0.45 * progressOfYear,
        positions,
        onFollowUp: () => followUpCount++,
      });
      caseCount++;
      if (caseCount % 50 === 0) progress(`${caseCount} sager`);
    }
  }
  // The notices the mirror queued ("new action") are history here, not news.
  await pool.query('DELETE FROM "MailOutbox" WHERE "userId" IN (SELECT id FROM "User" WHERE "municipalityId" = $1)', [municipality.id]);
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM "ActionItem" a JOIN "Case" c ON c.id = a."caseId" JOIN "Forum" f ON f.id = c."forumId" WHERE f."municipalityId" = $1',
    [municipality.id],
  );
  return { municipalityId: municipality.id, password, users, forums: forums.length, meetings: meetingCount, cases: caseCount, actions: rows[0]!.n, followUps: followUpCount };
}

interface CaseInput {
  db: Database;
  g: ReturnType<typeof generator>;
  forum: { id: string; plan: ForumPlan; members: Array<{ id: string; sector: Sector; chair: boolean }> };
  created: Date;
  creator: { id: string; sector: Sector };
  chair: { id: string };
  memberOf: (s: Sector) => { id: string; sector: Sector };
  /** The forum's meetings after the case was created, in order (past ones closed, then the next). */
  meetings: Array<{ id: string; at: Date; past: boolean }>;
  preAction: number;
  positions: Map<string, number>;
  onFollowUp: () => void;
}

function describeChild(g: CaseInput['g'], plan: ForumPlan): string {
  const gender = g.pick(['dreng', 'pige']);
  switch (plan.type) {
    case 'TRIVSEL_0_3': {
      const months = g.int(1, 36);
      return months < 12 ? `${gender}, ${months} måneder, ${g.pick(['dagpleje', 'vuggestue', 'hjemme'])} i distrikt ${plan.district}` : `${gender}, ${Math.floor(months / 12)} år, vuggestue i distrikt ${plan.district}`;
    }
    case 'SSP':
      return `${gender}, ${g.int(12, 17)} år, ${g.int(6, 10)}. klasse`;
    default: {
      const age = g.int(3, 14);
      return age < 6 ? `${gender}, ${age} år, børnehave i distrikt ${plan.district}` : `${gender}, ${age} år, ${age - 6 || 0}. klasse, ${plan.district}skolen`;
    }
  }
}

/** The step an action gets at a level: low levels universal prevention, level 5 placement. */
function stepFor(g: CaseInput['g'], level: number): number {
  switch (level) {
    case 1:
      return 0;
    case 2:
      return g.weighted([[0, 3], [1, 1]]);
    case 3:
      return g.weighted([[0, 1], [1, 3], [2, 1]]);
    case 4:
      return g.weighted([[1, 1], [2, 3], [3, 1]]);
    default:
      return g.weighted([[2, 1], [3, 2], [4, 2], [5, 1]]);
  }
}

async function seedCase(x: CaseInput): Promise<void> {
  const { db, g, forum } = x;
  const { prisma, pool } = db;
  const plan = forum.plan;
  const past = x.meetings.filter((m) => m.past);
  const upcoming = x.meetings.find((m) => !m.past) ?? null;
  // How many meetings discuss it: 1-4, each of the forum's next meetings (sometimes skipping one).
  const wanted = g.weighted([[1, 30], [2, 35], [3, 20], [4, 15]]);
  const discussed: typeof past = [];
  for (const m of past) {
    if (discussed.length >= wanted) break;
    if (discussed.length > 0 && g.chance(0.12)) continue; // not on this meeting's agenda
    discussed.push(m);
  }
  const level0 = g.weighted([[1, 4], [2, 30], [3, 40], [4, 21], [5, 5]]);
  const closes = discussed.length > 0 && discussed.length === wanted && (g.chance(0.55) || level0 <= 2);

  // The document, from the server's own starting state.
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initialCaseState());
  const fragment = doc.getXmlFragment('prosemirror');
  const sos = doc.getMap<Y.Array<Y.Map<string>>>('sos');
  const actions = doc.getArray<Y.Map<unknown>>('actions');
  const note = (sector: Sector, author: string) => {
    const p = new Y.XmlElement('paragraph');
    p.setAttribute('author', author);
    p.setAttribute('sector', sector);
    p.insert(0, [new Y.XmlText(g.pick(NOTES[sector]))]);
    fragment.push([p]);
  };
  const sosItem = (column: 'worries' | 'strengths' | 'next', text: string) => sos.get(column)!.push([new Y.Map<string>([['id', crypto.randomUUID()], ['text', text]])]);
  const addAction = (level: number, due: Date, at: Date): Action => {
    const step = stepFor(g, level);
    const [title, sector] = g.pick(ACTIONS[step]!);
    const a: Action = { id: crypto.randomUUID(), title, sector, step, due: isoDay(due), status: 'PLANNED' };
    const owner = forum.members.find((m) => m.sector === sector) ?? x.memberOf('SOCIAL');
    actions.push([
      new Y.Map<unknown>([
        ['id', a.id],
        ['title', a.title],
        ['responsibleUserId', owner.id],
        ['ladderStep', a.step],
        ['dueDate', a.due],
        ['status', a.status],
      ]),
    ]);
    stageActions.push({ id: a.id, at });
    return a;
  };
  const setStatus = (id: string, status: Action['status']) => {
    for (const m of actions.toArray()) if (m.get('id') === id) m.set('status', status);
  };
  const open: Action[] = [];
  let stageActions: Array<{ id: string; at: Date }> = [];
  // Who writes what (AT1): each writer edits under a Yjs client id of their own, bound to them as the server binds
  // a client id at its first update (DocClient), so the record names the writer of every passage and entry.
  const clients = new Map<string, number>();
  const taken = new Set<number>([doc.clientID]);
  let binds: Array<{ clientId: number; userId: string; sector: Sector }> = [];
  const as = (who: { id: string; sector: Sector }, write: () => void) => {
    let id = clients.get(who.id);
    if (id === undefined) {
      do id = g.int(1, 0x7fffffff);
      while (taken.has(id));
      taken.add(id);
      clients.set(who.id, id);
      binds.push({ clientId: id, userId: who.id, sector: who.sector });
    }
    doc.clientID = id;
    doc.transact(write);
  };
  const chairMember = forum.members.find((m) => m.chair)!;

  // The case row and its document.
  const document = await prisma.document.create({ data: { forumId: forum.id, title: 'Sag', docName: newDocName() } });
  let kase: { id: string; reference: string } | null = null;
  for (let attempt = 0; !kase; attempt++) {
    try {
      kase = await prisma.case.create({
        data: { forumId: forum.id, reference: newCaseReference(attempt < 5 ? 5 : 6), description: describeChild(g, plan), documentId: document.id, createdById: x.creator.id, createdAt: x.created },
        select: { id: true, reference: true },
      });
    } catch (err) {
      if ((err as { code?: string }).code !== 'P2002' || attempt > 8) throw err;
    }
  }
  await prisma.document.update({ where: { id: document.id }, data: { title: `Sag ${kase.reference}` } });

  /** Stores the document as the server does and dates what the mirror wrote back to `at`. */
  const store = async (at: Date) => {
    const state = Y.encodeStateAsUpdate(doc);
    const before = new Date(Date.now() - 1000);
    await inTransaction(pool, async (client) => {
      await client.query(
        `INSERT INTO "DocSnapshot" ("documentId", state, "upToId", "updatedAt") VALUES ($1, $2, 0, $3)
         ON CONFLICT ("documentId") DO UPDATE SET state = EXCLUDED.state, "updatedAt" = EXCLUDED."updatedAt"`,
        [document.id, Buffer.from(state), at.toISOString()],
      );
      for (const b of binds) {
        await client.query(
          'INSERT INTO "DocClient" ("documentId", "clientId", "userId", sector, "createdAt") VALUES ($1, $2, $3, $4::"Sector", $5) ON CONFLICT DO NOTHING',
          [document.id, b.clientId, b.userId, b.sector, at.toISOString()],
        );
      }
      binds = [];
      await mirrorCaseDocument(client, document.id, state);
      // Timestamps as UTC text: the columns have no time zone (Prisma's convention), whatever the machine's zone is.
      for (const a of stageActions) await client.query('UPDATE "ActionItem" SET "createdAt" = $2, "updatedAt" = $2 WHERE id = $1', [a.id, a.at.toISOString()]);
      await client.query('UPDATE "LadderChange" SET "at" = $2 WHERE "caseId" = $1 AND "at" >= $3', [kase!.id, at.toISOString(), before.toISOString()]);
    });
    stageActions = [];
  };

  // First the concern, as the one who raised it wrote it; perhaps an action at once.
  as(x.creator, () => {
    note(x.creator.sector, x.creator.id);
    sosItem('worries', g.pick(WORRIES));
  });
  await store(x.created);
  const firstMeeting = discussed[0] ?? upcoming;
  if (g.chance(x.preAction)) {
    const at = new Date(x.created.getTime() + g.int(0, 9) * DAY + 3600_000);
    if (at.getTime() < Date.now() && (!firstMeeting || at < firstMeeting.at)) {
      as(x.creator, () => {
        for (let i = g.chance(0.6) ? 2 : 1; i > 0; i--) open.push(addAction(Math.min(level0, 3), new Date(at.getTime() + 21 * DAY), at));
      });
      await store(at);
    }
  }

  let level = level0;
  let sosScale = Math.max(0, Math.min(10, 10 - 2 * level + g.int(-1, 1)));
  for (const [k, m] of discussed.entries()) {
    const last = k === discussed.length - 1;
    const next = discussed[k + 1] ?? (last && !closes ? (x.meetings[x.meetings.indexOf(m) + 1] ?? null) : null);
    if (k > 0) {
      level = Math.max(1, Math.min(5, level + g.weighted([[-1, 4], [0, 4], [1, 1]])));
      sosScale = Math.max(0, Math.min(10, sosScale + (level < 3 ? g.int(0, 2) : g.int(-1, 2))));
    }
    // Other sectors add what they see; the chair writes Signs of Safety, the child's voice and the plan.
    for (const s of plan.sectors.filter((s) => s !== x.creator.sector && g.chance(0.45)).slice(0, 2)) {
      const writer = x.memberOf(s);
      as(writer, () => note(writer.sector, writer.id));
    }
    as(chairMember, () => {
      if (g.chance(0.7)) sosItem('strengths', g.pick(STRENGTHS));
      sosItem('next', g.pick(NEXT));
      if (k === 0 && plan.type !== 'TRIVSEL_0_3') doc.getText('voice').insert(0, g.pick(VOICE));
      if (k === 0 && g.chance(0.6)) {
        const [who, relation, contribution] = g.pick(NETWORK);
        doc.getArray<Y.Map<string>>('network').push([new Y.Map([['id', crypto.randomUUID()], ['name', who], ['relation', relation], ['contribution', contribution]])]);
      }
      if (k === 1 && plan.type !== 'TRIVSEL_0_3' && g.chance(0.4)) {
        doc.getText('houseWorries').insert(0, g.pick(HOUSE_WORRIES));
        doc.getText('houseGood').insert(0, g.pick(HOUSE_GOOD));
        doc.getText('houseDreams').insert(0, g.pick(HOUSE_DREAMS));
      }
      // The plan: what worked is done, a level that fell ends the heavier efforts; new actions for what remains.
      for (const a of [...open]) {
        const done = g.chance(0.55) || a.step > stepFor(g, level) + 1;
        if (done) {
          setStatus(a.id, g.chance(0.9) ? 'DONE' : 'DROPPED');
          open.splice(open.indexOf(a), 1);
        } else if (a.status === 'PLANNED') {
          setStatus(a.id, 'IN_PROGRESS');
          a.status = 'IN_PROGRESS';
        }
      }
      if (!(last && closes)) {
        const count = open.length === 0 ? g.weighted([[1, 1], [2, 3], [3, 1]]) : g.weighted([[0, 1], [1, 2], [2, 2]]);
        for (let i = 0; i < count; i++) open.push(addAction(level, new Date(m.at.getTime() + g.int(14, 60) * DAY), m.at));
      } else {
        for (const a of open) setStatus(a.id, 'DONE');
        open.length = 0;
      }
    });
    await store(m.at);

    const position = (x.positions.get(m.id) ?? 0) + 1;
    x.positions.set(m.id, position);
    const outcome = last && closes ? 'Bekymringen er ikke længere til stede; sagen afsluttes.' : g.pick(OUTCOMES);
    await prisma.agendaItem.create({
      data: {
        meetingId: m.id,
        caseId: kase.id,
        position,
        timeboxMinutes: g.pick([15, 20, 30]),
        startedAt: m.at,
        endedAt: new Date(m.at.getTime() + 20 * 60_000),
        outcome,
        noFollowUpReason: last && closes ? 'Sagen afsluttes' : null,
      },
    });
    await prisma.caseAssessment.create({ data: { caseId: kase.id, meetingId: m.id, level, sosScale, recordedById: x.chair.id, recordedAt: m.at } });
    if (!(last && closes) && next) {
      // Agreed: the next meeting, or sooner (then often held late, at the next meeting anyway).
      const sooner = g.chance(0.2);
      const due = sooner ? new Date(m.at.getTime() + 28 * DAY) : next.at;
      const heldAt = next.past && discussed.includes(next) ? next.at : null;
      const cancelled = heldAt === null && next.past && g.chance(0.2);
      await prisma.followUp.create({
        data: {
          caseId: kase.id,
          forumId: forum.id,
          agreedInMeetingId: m.id,
          dueDate: new Date(`${isoDay(due)}T00:00:00.000Z`),
          responsibleUserId: x.chair.id,
          status: heldAt ? 'HELD' : cancelled ? 'CANCELLED' : 'PLANNED',
          heldAt,
          createdAt: m.at,
        },
      });
      x.onFollowUp();
    }
    await saveCaseVersion(prisma, kase.id, m.id, x.chair.id);
    await prisma.caseVersion.update({ where: { caseId_meetingId: { caseId: kase.id, meetingId: m.id } }, data: { concludedAt: new Date(m.at.getTime() + 20 * 60_000) } });
  }

  if (closes) {
    const closedAt = new Date(discussed.at(-1)!.at.getTime() + DAY);
    await prisma.case.update({ where: { id: kase.id }, data: { status: 'CLOSED', closedAt } });
  } else if (upcoming && (discussed.length === 0 || discussed.at(-1) === past.at(-1))) {
    // Still open and due at the forum's next meeting: on its agenda.
    const position = (x.positions.get(upcoming.id) ?? 0) + 1;
    x.positions.set(upcoming.id, position);
    await prisma.agendaItem.create({ data: { meetingId: upcoming.id, caseId: kase.id, position, timeboxMinutes: 15 } });
  }
  doc.destroy();
}
