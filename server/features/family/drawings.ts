/**
 * Photos of the child's drawings, one per house (docs/SPEC.md, FA6-FA8): uploaded over HTTP (never through the
 * Yjs document), re-encoded by image.ts, stored in PostgreSQL with the case (deleted with it, and when retention
 * anonymises it), and served only to those who may read the case (`case:read`, police only in SSP), never cached.
 * Members who may write the case (not guests) upload and remove them while it is open. Every read and change of
 * an image is audited (purpose `three-houses-drawing`, criterion `house=…`), every refusal of an existing case too.
 */
import crypto from 'node:crypto';
import { HOUSE_DB, HOUSES, type DrawingMeta, type House } from '../../../shared/family.js';
import { audit } from '../../audit/audit.js';
import type { Db } from '../../db/client.js';
import { can, type Actor } from '../../policy/policy.js';
import type { RealtimeHub } from '../../realtime/hub.js';
import { DomainError, notFound } from '../meetings/errors.js';
import { reencodeDrawing } from './image.js';

const HOUSE_OF = { WORRIES: 'worries', GOOD: 'good', DREAMS: 'dreams' } as const satisfies Record<(typeof HOUSE_DB)[House], House>;

const enc = encodeURIComponent;
export const drawingUrl = (caseId: string, house: House, id: string) => `/api/cases/${enc(caseId)}/family/drawings/${house}?v=${enc(id)}`;

/** The drawings' metadata per house (no image bytes). */
export async function drawingMetas(db: Db, caseId: string): Promise<Record<House, DrawingMeta | null>> {
  const rows = await db.childDrawing.findMany({ where: { caseId }, select: { id: true, house: true, width: true, height: true, uploadedAt: true } });
  const out = Object.fromEntries(HOUSES.map((h) => [h, null])) as Record<House, DrawingMeta | null>;
  for (const r of rows) {
    const house = HOUSE_OF[r.house];
    out[house] = { id: r.id, house, width: r.width, height: r.height, uploadedAt: r.uploadedAt.toISOString(), url: drawingUrl(caseId, house, r.id) };
  }
  return out;
}

/** The drawings' bytes for the family's PDF (the caller has authorized and audited the export). */
export async function drawingImages(db: Db, caseId: string): Promise<Partial<Record<House, Buffer>>> {
  const rows = await db.childDrawing.findMany({ where: { caseId }, select: { house: true, data: true } });
  return Object.fromEntries(rows.map((r) => [HOUSE_OF[r.house], Buffer.from(r.data)]));
}

type Use = 'read' | 'write';

/** The case if the actor may read (or write) its drawings; 404 / 403 / 409 as the rest of the case routes. */
async function authorize(db: Db, actor: Actor, caseId: string, use: Use, house: House | null, address: string | null) {
  const kase = await db.case.findUnique({ where: { id: caseId }, select: { id: true, reference: true, forumId: true, status: true } });
  if (!kase) throw notFound();
  const resource = { forumId: kase.forumId, isCase: true };
  const denied = () =>
    audit(db, {
      userId: actor.userId,
      action: 'DENIED',
      caseId,
      caseReference: kase.reference,
      criterion: `three-houses-drawing${use === 'write' ? ':write' : ''}${house ? `;house=${house}` : ''}`,
      address,
    });
  if (!can(actor, 'case:read', resource)) {
    await denied();
    throw notFound();
  }
  if (use === 'write') {
    if (!can(actor, 'case:write', resource)) {
      await denied();
      throw new DomainError('forbidden', 403);
    }
    if (kase.status !== 'OPEN') throw new DomainError('case_closed', 409);
  }
  return kase;
}

/** GET /api/cases/:caseId/family/drawings: which houses have a drawing (metadata only). */
export async function listDrawings(db: Db, actor: Actor, caseId: string, address: string | null): Promise<Record<House, DrawingMeta | null>> {
  await authorize(db, actor, caseId, 'read', null, address);
  return drawingMetas(db, caseId);
}

/** GET /api/cases/:caseId/family/drawings/:house: the stored JPEG, audited READ; null when the house has none. */
export async function readDrawing(db: Db, actor: Actor, caseId: string, house: House, address: string | null): Promise<Buffer | null> {
  const kase = await authorize(db, actor, caseId, 'read', house, address);
  await audit(db, { userId: actor.userId, action: 'READ', caseId, caseReference: kase.reference, purpose: 'three-houses-drawing', criterion: `house=${house}`, address });
  const row = await db.childDrawing.findUnique({ where: { caseId_house: { caseId, house: HOUSE_DB[house] } }, select: { data: true } });
  return row ? Buffer.from(row.data) : null;
}

/**
 * PUT /api/cases/:caseId/family/drawings/:house: the upload re-encoded (ImageRefused when it cannot be) and stored
 * in place of the house's earlier drawing; audited UPDATE; open pages of the case are told (`case:changed`).
 */
export async function uploadDrawing(
  db: Db,
  hub: RealtimeHub,
  actor: Actor,
  caseId: string,
  house: House,
  body: () => Promise<Uint8Array>,
  address: string | null,
): Promise<DrawingMeta> {
  const kase = await authorize(db, actor, caseId, 'write', house, address);
  const drawing = await reencodeDrawing(await body());
  const data = { mime: drawing.mime, width: drawing.width, height: drawing.height, data: new Uint8Array(drawing.data), uploadedById: actor.userId, uploadedAt: new Date() };
  const row = await db.childDrawing.upsert({
    where: { caseId_house: { caseId, house: HOUSE_DB[house] } },
    create: { caseId, house: HOUSE_DB[house], ...data },
    // A new id for a new image, so the page's image address changes with it.
    update: { id: crypto.randomUUID(), ...data },
    select: { id: true, width: true, height: true, uploadedAt: true },
  });
  await audit(db, { userId: actor.userId, action: 'UPDATE', caseId, caseReference: kase.reference, purpose: 'three-houses-drawing', criterion: `house=${house}`, address });
  hub.toForum(kase.forumId, 'case:changed', { caseId });
  return { id: row.id, house, width: row.width, height: row.height, uploadedAt: row.uploadedAt.toISOString(), url: drawingUrl(caseId, house, row.id) };
}

/** DELETE /api/cases/:caseId/family/drawings/:house (idempotent), audited DELETE. */
export async function deleteDrawing(db: Db, hub: RealtimeHub, actor: Actor, caseId: string, house: House, address: string | null): Promise<void> {
  const kase = await authorize(db, actor, caseId, 'write', house, address);
  await db.childDrawing.deleteMany({ where: { caseId, house: HOUSE_DB[house] } });
  await audit(db, { userId: actor.userId, action: 'DELETE', caseId, caseReference: kase.reference, purpose: 'three-houses-drawing', criterion: `house=${house}`, address });
  hub.toForum(kase.forumId, 'case:changed', { caseId });
}
