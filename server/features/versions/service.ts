/**
 * A case meeting by meeting (docs/SPEC.md, VR2-VR3): the versions kept when
 * the chair concluded it (VR1, snapshot.ts), one of them as it was, and what
 * changed since the latest. Every answer goes through the policy and the
 * audit log; a reader who may not see them gets the same null as an unknown case.
 */
import type {
  CaseChanges,
  CaseDocContent,
  CaseVersionContent,
  CaseVersionList,
  CaseVersionSummary,
  CaseVersionView,
  ThenNow,
} from '../../../shared/api.js';
import type { LegalBasisKind, Sector } from '../../../shared/domain.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';
import { readCaseContent } from '../cases/content.js';
import { levelLabelsFor } from '../overview/levels.js';
import { todayInCopenhagen } from '../tasks/dates.js';
import { diffContent, namedUsers } from './diff.js';
import { versionDrawingMetas } from './drawings.js';

/** How the route names a read in the audit log (purpose) and a refusal (criterion). */
export type VersionRead = 'case-versions' | 'case-version' | 'case-changes';

const caseSelect = {
  id: true,
  reference: true,
  forumId: true,
  documentId: true,
  basis: true,
  forum: { select: { municipalityId: true } },
} as const;

type CaseRow = { id: string; reference: string; forumId: string; documentId: string; basis: LegalBasisKind; forum: { municipalityId: string } };

/**
 * VR2: the versions are the case's record across meetings, for the forum's
 * members who work on it: `case:history` in the policy (membership, police
 * only in SSP, A4, and not a guest).
 */
export function mayReadVersions(actor: Actor, forumId: string): boolean {
  return can(actor, 'case:history', { forumId, isCase: true });
}

/** The case if the actor may read its versions (audited READ), else null (audited DENIED when it exists). */
async function authorize(db: Db, actor: Actor, caseId: string, read: VersionRead, address: string | null, criterion?: string): Promise<CaseRow | null> {
  const kase = await db.case.findUnique({ where: { id: caseId }, select: caseSelect });
  if (!kase) return null;
  if (!mayReadVersions(actor, kase.forumId)) {
    await audit(db, { userId: actor.userId, action: 'DENIED', caseId, caseReference: kase.reference, criterion: read, address });
    return null;
  }
  // Logged before anything is read: a read that cannot be logged is not answered.
  await audit(db, { userId: actor.userId, action: 'READ', caseId, caseReference: kase.reference, purpose: read, criterion: criterion ?? null, address });
  return kase;
}

const versionInclude = {
  meeting: { select: { startsAt: true, forum: { select: { name: true } } } },
} as const;

type VersionRow = {
  meetingId: string;
  concludedAt: Date;
  concludedById: string;
  level: number;
  sosScale: number;
  basis: LegalBasisKind;
  content: unknown;
  meeting: { startsAt: Date; forum: { name: string } };
};

/** Oldest first: by the meeting's date, then when it was concluded. */
const versionOrder: Array<{ meeting: { startsAt: 'asc' } } | { concludedAt: 'asc' }> = [{ meeting: { startsAt: 'asc' } }, { concludedAt: 'asc' }];

function contentOf(row: VersionRow): CaseVersionContent {
  return row.content as CaseVersionContent;
}

async function people(db: Db, forumId: string, ids: string[]): Promise<Map<string, { name: string; sector: Sector | null }>> {
  if (ids.length === 0) return new Map();
  const [users, memberships] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }),
    db.membership.findMany({ where: { forumId, userId: { in: ids } }, select: { userId: true, sector: true } }),
  ]);
  const sectorOf = new Map(memberships.map((m) => [m.userId, m.sector]));
  return new Map(users.map((u) => [u.id, { name: u.name, sector: sectorOf.get(u.id) ?? null }]));
}

function summary(row: VersionRow, concluders: Map<string, { name: string; sector: Sector | null }>): CaseVersionSummary {
  const content = contentOf(row);
  const followUp = content.followUp;
  return {
    meetingId: row.meetingId,
    meetingStartsAt: row.meeting.startsAt.toISOString(),
    forumName: row.meeting.forum.name,
    concludedAt: row.concludedAt.toISOString(),
    // As named in the version where it can be, else as the user is named today.
    concludedBy: content.writers?.[row.concludedById] ?? concluders.get(row.concludedById) ?? null,
    level: row.level,
    sosScale: row.sosScale,
    basis: row.basis,
    outcome: content.outcome ?? null,
    followUp: followUp
      ? { dueDate: followUp.dueDate, responsible: content.writers?.[followUp.responsibleUserId] ?? concluders.get(followUp.responsibleUserId) ?? null }
      : null,
    noFollowUpReason: content.noFollowUpReason ?? null,
  };
}

async function latestAssessment(db: Db, caseId: string): Promise<{ level: number; sosScale: number } | null> {
  return db.caseAssessment.findFirst({ where: { caseId }, orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }], select: { level: true, sosScale: true } });
}

/** GET /api/cases/:caseId/versions */
export async function listVersions(db: Db, actor: Actor, caseId: string, address: string | null): Promise<CaseVersionList | null> {
  const kase = await authorize(db, actor, caseId, 'case-versions', address);
  if (!kase) return null;
  const [rows, labels, latest] = await Promise.all([
    db.caseVersion.findMany({ where: { caseId }, include: versionInclude, orderBy: versionOrder }),
    levelLabelsFor(db, kase.forum.municipalityId),
    latestAssessment(db, caseId),
  ]);
  const unnamed = [...new Set(rows.flatMap((r) => [r.concludedById, contentOf(r).followUp?.responsibleUserId ?? r.concludedById]))];
  const concluders = await people(db, kase.forumId, unnamed);
  return {
    caseId: kase.id,
    reference: kase.reference,
    levelLabels: labels,
    versions: rows.map((r) => summary(r, concluders)),
    current: { level: latest?.level ?? null, sosScale: latest?.sosScale ?? null, basis: kase.basis },
  };
}

/** GET /api/cases/:caseId/versions/:meetingId; null also when the case has no version of that meeting. */
export async function getVersion(db: Db, actor: Actor, caseId: string, meetingId: string, address: string | null): Promise<CaseVersionView | null> {
  const kase = await authorize(db, actor, caseId, 'case-version', address, `meetingId=${meetingId}`);
  if (!kase) return null;
  const row = await db.caseVersion.findUnique({ where: { caseId_meetingId: { caseId, meetingId } }, include: versionInclude });
  if (!row) return null;
  const concluders = await people(db, kase.forumId, [row.concludedById]);
  return {
    ...summary(row, concluders),
    caseId: kase.id,
    reference: kase.reference,
    levelLabels: await levelLabelsFor(db, kase.forum.municipalityId),
    content: contentOf(row),
    drawings: await versionDrawingMetas(db, caseId, meetingId),
  };
}

/** GET /api/cases/:caseId/changes: the case now compared with its latest version (VR3). */
export async function changesSinceLast(db: Db, actor: Actor, caseId: string, address: string | null, now: Date = new Date()): Promise<CaseChanges | null> {
  const kase = await authorize(db, actor, caseId, 'case-changes', address);
  if (!kase) return null;
  const today = todayInCopenhagen(now);
  const [last, labels] = await Promise.all([
    db.caseVersion.findFirst({ where: { caseId }, include: versionInclude, orderBy: [{ meeting: { startsAt: 'desc' } }, { concludedAt: 'desc' }] }),
    levelLabelsFor(db, kase.forum.municipalityId),
  ]);
  const empty: CaseChanges = {
    caseId: kase.id,
    since: null,
    today,
    concern: [],
    sos: { added: [], removed: [], changed: [] },
    voice: null,
    network: { added: [], removed: [] },
    actions: { added: [], removed: [], done: [], overdue: [] },
    level: null,
    sosScale: null,
    basis: null,
    writers: {},
    levelLabels: labels,
  };
  if (!last) return empty;
  const [current, latest] = await Promise.all([readCaseContent(db, kase.documentId, kase.forumId), latestAssessment(db, caseId)]);
  const then: CaseDocContent = contentOf(last);
  const changes = diffContent(then, current, today);
  // Writers as named now where they still write here, else as the version named them.
  const writers: CaseChanges['writers'] = {};
  const missing: string[] = [];
  for (const id of namedUsers(changes)) {
    const known = current.writers[id] ?? then.writers[id];
    if (known) writers[id] = known;
    else missing.push(id);
  }
  for (const [id, person] of await people(db, kase.forumId, missing)) writers[id] = person;
  return {
    ...empty,
    since: { meetingId: last.meetingId, meetingStartsAt: last.meeting.startsAt.toISOString(), concludedAt: last.concludedAt.toISOString() },
    ...changes,
    // Now: the latest assessment (a later meeting's, or a correction) and the basis in force.
    level: { then: last.level, now: latest?.level ?? null } satisfies ThenNow<number | null>,
    sosScale: { then: last.sosScale, now: latest?.sosScale ?? null },
    basis: { then: last.basis, now: kase.basis },
    writers,
  };
}
