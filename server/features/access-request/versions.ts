/**
 * The case's versions (VR1) in an access request (IN1): each meeting's record as it was kept, with the
 * export's rules. Employees are named through the export's namer (pseudonyms unless the administrator asks
 * for names); the child's and parents' names and the address in free text through its redactor (LB7, when
 * the exporter may not see the identity). Reads the stored JSON without trusting its shape.
 */
import type { CaseVersionContent } from '../../../shared/api.js';
import { HOUSES, SOS_COLUMNS, type House, type SosColumn } from '../../../shared/caseDoc.js';
import { HOUSE_LABELS } from '../../../shared/family.js';

/** The child's Three Houses (FA5): the child's words per house, and each talk with the child (who, when). */
export interface AccessRequestHouses {
  worries: string;
  good: string;
  dreams: string;
  talks: Array<{ by: string; on: string | null }>;
}

export interface AccessRequestVersion {
  meetingDate: string;
  forum: string;
  concludedAt: string;
  concludedBy: string | null;
  level: number;
  levelLabel: string;
  sosScale: number;
  basis: string;
  /** Who took part: employees as the export names them, others (parents, the child) by their label. */
  participants: Array<{ name: string; sector: string | null }>;
  /** The concern note, one array per paragraph, each passage with its writer. */
  concern: Array<Array<{ text: string; writer: string | null }>>;
  sos: Record<SosColumn, Array<{ text: string; addedBy: string | null }>>;
  voice: { text: string; writtenBy: string | null };
  /** The Three Houses as kept at this meeting; null for a version kept before the case had them. */
  houses: AccessRequestHouses | null;
  /**
   * FA9: which drawing each house had at this meeting (the image is the export's `keptDrawings` entry of that id),
   * houses without one left out; null for a version concluded before drawings were kept with versions.
   */
  drawings: Array<{ house: House; houseName: string; drawingId: string }> | null;
  network: Array<{ name: string; relation: string; contribution: string; addedBy: string | null }>;
  actions: Array<{ title: string; responsible: string | null; ladderStep: number | null; dueDate: string | null; status: string; addedBy: string | null }>;
  outcome: string | null;
  followUp: { dueDate: string; responsible: string | null } | null;
  noFollowUpReason: string | null;
}

export interface VersionRow {
  meetingId: string;
  concludedAt: Date;
  concludedById: string;
  level: number;
  sosScale: number;
  basis: string;
  content: unknown;
  meeting: { startsAt: Date; forum: { name: string } };
  drawingsKept: boolean;
  drawings: Array<{ house: 'WORRIES' | 'GOOD' | 'DREAMS'; drawingId: string }>;
}

/** A house as the database names it (ChildHouse) → as the export does. */
export const HOUSE_OF_DB = { WORRIES: 'worries', GOOD: 'good', DREAMS: 'dreams' } as const satisfies Record<VersionRow['drawings'][number]['house'], House>;

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const id = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Every user id a stored version refers to (for the export's namer). */
export function versionUserIds(row: VersionRow): string[] {
  const c = obj(row.content);
  const ids = [row.concludedById, ...Object.keys(obj(c.writers))];
  for (const p of arr(c.concern)) for (const r of arr(p)) ids.push(str(obj(r).writerId));
  for (const col of SOS_COLUMNS) for (const e of arr(obj(c.sos)[col])) ids.push(str(obj(e).addedById));
  for (const e of arr(c.network)) ids.push(str(obj(e).addedById));
  for (const a of arr(c.actions)) ids.push(str(obj(a).responsibleUserId), str(obj(a).addedById));
  ids.push(str(obj(c.voice).changedById), str(obj(c.followUp).responsibleUserId));
  return [...new Set(ids.filter(Boolean))];
}

export interface VersionNaming {
  /** An employee by user id, as the export names them. */
  who: (userId: string | null) => string | null;
  /** An employee known only by name (a participant), as the export names them. */
  whoNamed: (name: string) => string;
  /** The names (then and now) under which employees appear, to tell them from guests' labels. */
  employeeNames: ReadonlySet<string>;
  /** Free text as the export may show it (LB7: identity blanked when withheld). */
  text: (s: string) => string;
  /** Free text that names a person (who spoke with the child): `text`, and employees as the export names them. */
  personText: (s: string) => string;
  levelLabel: (level: number) => string;
}

/** Stored houses (a version's JSON or the document) under the export's rules; null when there are none. */
export function presentHouses(v: unknown, n: Pick<VersionNaming, 'text' | 'personText'>): AccessRequestHouses | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const h = v as Record<string, unknown>;
  const words = Object.fromEntries(HOUSES.map((house) => [house, n.text(str(h[house]))])) as Pick<AccessRequestHouses, 'worries' | 'good' | 'dreams'>;
  return {
    ...words,
    talks: arr(h.talks).map(obj).map((t) => ({ by: n.personText(str(t.by)), on: typeof t.on === 'string' ? t.on : null })),
  };
}

/** Neighbouring passages of one writer read as one. */
function merged(runs: Array<{ text: string; writer: string | null }>) {
  const out: Array<{ text: string; writer: string | null }> = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.writer === r.writer) last.text += r.text;
    else out.push({ ...r });
  }
  return out.filter((r) => r.text.length > 0);
}

export function presentVersion(row: VersionRow, n: VersionNaming): AccessRequestVersion {
  const c = obj(row.content) as Partial<Record<keyof CaseVersionContent, unknown>>;
  const sos = obj(c.sos);
  const voice = obj(c.voice);
  const followUp = obj(c.followUp);
  const nullableText = (v: unknown) => (typeof v === 'string' ? n.text(v) : null);
  return {
    meetingDate: row.meeting.startsAt.toISOString(),
    forum: row.meeting.forum.name,
    concludedAt: row.concludedAt.toISOString(),
    concludedBy: n.who(row.concludedById),
    level: row.level,
    levelLabel: n.levelLabel(row.level),
    sosScale: row.sosScale,
    basis: row.basis,
    participants: arr(c.participants).map(obj).map((p) => {
      const name = str(p.name);
      const sector = typeof p.sector === 'string' ? p.sector : null;
      // A member (a sector, or a name the record knows as an employee's) is an employee; the rest are guests.
      return { name: sector !== null || n.employeeNames.has(name) ? n.whoNamed(name) : n.text(name), sector };
    }),
    concern: arr(c.concern)
      .map((p) => merged(arr(p).map(obj).map((r) => ({ text: n.text(str(r.text)), writer: n.who(id(r.writerId)) }))))
      .filter((p) => p.length > 0),
    sos: Object.fromEntries(
      SOS_COLUMNS.map((col) => [col, arr(sos[col]).map(obj).map((e) => ({ text: n.text(str(e.text)), addedBy: n.who(id(e.addedById)) })).filter((e) => e.text.trim())]),
    ) as AccessRequestVersion['sos'],
    voice: { text: n.text(str(voice.text)), writtenBy: n.who(id(voice.changedById)) },
    houses: presentHouses(c.houses, n),
    drawings: row.drawingsKept
      ? HOUSES.flatMap((house) => {
          const kept = row.drawings.find((d) => HOUSE_OF_DB[d.house] === house);
          return kept ? [{ house, houseName: HOUSE_LABELS.da[house].name, drawingId: kept.drawingId }] : [];
        })
      : null,
    network: arr(c.network).map(obj).map((e) => ({
      name: n.text(str(e.name)),
      relation: n.text(str(e.relation)),
      contribution: n.text(str(e.contribution)),
      addedBy: n.who(id(e.addedById)),
    })),
    actions: arr(c.actions).map(obj).map((a) => ({
      title: n.text(str(a.title)),
      responsible: n.who(id(a.responsibleUserId)),
      ladderStep: typeof a.ladderStep === 'number' ? a.ladderStep : null,
      dueDate: typeof a.dueDate === 'string' ? a.dueDate : null,
      status: str(a.status),
      addedBy: n.who(id(a.addedById)),
    })),
    outcome: nullableText(c.outcome),
    followUp: typeof followUp.dueDate === 'string' ? { dueDate: followUp.dueDate, responsible: n.who(id(followUp.responsibleUserId)) } : null,
    noFollowUpReason: nullableText(c.noFollowUpReason),
  };
}
