/**
 * The photos of the child's drawings as a case's version kept them (docs/SPEC.md, FA9): when the chair concluded the
 * case at a meeting, the trigger `CaseVersion_keeps_drawings` (migration …_version_drawings) kept each house's
 * drawing with that version (KeptDrawing, once per drawing and case; CaseVersionDrawing, which house had which), so
 * a drawing replaced or removed later leaves the old version as it was. A version concluded before drawings were
 * kept (`drawingsKept` false) has none to show and says so (null). Read through `case:history` (VR2) and the audit
 * log; the bytes are the re-encoded JPEG of FA6, bounded by DRAWING_LIMITS.maxStoredBytes.
 */
import { HOUSE_DB, HOUSES, type DrawingMeta, type House } from '../../../shared/family.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import type { Actor } from '../../policy/policy.js';
import { mayReadVersions } from './service.js';

const HOUSE_OF = { WORRIES: 'worries', GOOD: 'good', DREAMS: 'dreams' } as const satisfies Record<(typeof HOUSE_DB)[House], House>;

const enc = encodeURIComponent;
export const versionDrawingUrl = (caseId: string, meetingId: string, house: House, id: string) =>
  `/api/cases/${enc(caseId)}/versions/${enc(meetingId)}/drawings/${house}?v=${enc(id)}`;

/** Each house's drawing as the version kept it (metadata and where it is served), or null when it kept none. */
export async function versionDrawingMetas(db: Db, caseId: string, meetingId: string): Promise<Record<House, DrawingMeta | null> | null> {
  const version = await db.caseVersion.findUnique({ where: { caseId_meetingId: { caseId, meetingId } }, select: { drawingsKept: true } });
  if (!version?.drawingsKept) return null;
  const rows = await db.caseVersionDrawing.findMany({
    where: { caseId, meetingId },
    select: { house: true, drawing: { select: { id: true, width: true, height: true, uploadedAt: true } } },
  });
  const out = Object.fromEntries(HOUSES.map((h) => [h, null])) as Record<House, DrawingMeta | null>;
  for (const r of rows) {
    const house = HOUSE_OF[r.house];
    out[house] = {
      id: r.drawing.id,
      house,
      width: r.drawing.width,
      height: r.drawing.height,
      uploadedAt: r.drawing.uploadedAt.toISOString(),
      url: versionDrawingUrl(caseId, meetingId, house, r.drawing.id),
    };
  }
  return out;
}

/** The kept drawings' bytes for the family's PDF of a version (the caller has authorized and audited the export). */
export async function versionDrawingImages(db: Db, caseId: string, meetingId: string): Promise<Partial<Record<House, Buffer>>> {
  const rows = await db.caseVersionDrawing.findMany({ where: { caseId, meetingId }, select: { house: true, drawing: { select: { data: true } } } });
  return Object.fromEntries(rows.map((r) => [HOUSE_OF[r.house], Buffer.from(r.drawing.data)]));
}

/**
 * GET /api/cases/:caseId/versions/:meetingId/drawings/:house: the JPEG the house had at that meeting, for those who
 * may read the case's versions (VR2); audited READ purpose `three-houses-drawing`, criterion
 * `meetingId=…;house=…`, before it is read; a refusal of an existing case DENIED. Null (404) alike for an unknown
 * case, a reader who may not, a version that does not exist and a house that had no drawing then.
 */
export async function readVersionDrawing(db: Db, actor: Actor, caseId: string, meetingId: string, house: House, address: string | null): Promise<Buffer | null> {
  const kase = await db.case.findUnique({ where: { id: caseId }, select: { reference: true, forumId: true } });
  if (!kase) return null;
  const criterion = `meetingId=${meetingId};house=${house}`;
  if (!mayReadVersions(actor, kase.forumId)) {
    await audit(db, { userId: actor.userId, action: 'DENIED', caseId, caseReference: kase.reference, criterion: `three-houses-drawing;${criterion}`, address });
    return null;
  }
  await audit(db, { userId: actor.userId, action: 'READ', caseId, caseReference: kase.reference, purpose: 'three-houses-drawing', criterion, address });
  const row = await db.caseVersionDrawing.findUnique({
    where: { caseId_meetingId_house: { caseId, meetingId, house: HOUSE_DB[house] } },
    select: { drawing: { select: { data: true } } },
  });
  return row ? Buffer.from(row.drawing.data) : null;
}
