/**
 * /api/cases/:caseId/family/… (docs/SPEC.md, FA): the family's version of the plan and the photos of the child's
 * drawings. Mounted in server/app.ts before the /api sub-app, because a drawing (up to 5 MB) is larger than the
 * API's JSON body limit; so these routes apply the API's own middleware themselves (H2 Origin, H6 URL, session)
 * and a body limit per route: the JSON limit (H3) for the plan, DRAWING_LIMITS.maxUploadBytes for a drawing.
 * Ids only in paths; unknown and refused cases look the same (404).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { DRAWING_LIMITS, HOUSES, saveFamilyPlanSchema, shareFamilyPlanSchema } from '../../../shared/family.js';
import { LIMITS } from '../../../shared/limits.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, refuseNulInUrl, requireActor, requireSameOrigin, resolveSession, routePath } from '../../http/middleware.js';
import { idParams, idSchema } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import { versionDrawingImages } from '../versions/drawings.js';
import { deleteDrawing, drawingImages, listDrawings, readDrawing, uploadDrawing } from './drawings.js';
import { ImageRefused } from './image.js';
import { renderFamilyPdf, statusLine } from './pdf.js';
import { exportFamilyPlan, getFamilyPlan, getFamilyPlanVersion, saveFamilyPlan, shareFamilyPlan } from './service.js';
import { familyDate } from './words.js';

const caseParams = zValidator('param', idParams('caseId'));
const versionParams = zValidator('param', idParams('caseId', 'meetingId'));
const drawingParams = zValidator('param', z.object({ caseId: idSchema, house: z.enum(HOUSES) }).strict());
/** GET …/plan.pdf?meetingId=: the version kept at that meeting (FA8), or without it the current one. */
export const familyPdfQuerySchema = z.object({ meetingId: idSchema.optional() }).strict();

const jsonLimit = bodyLimit({ maxSize: LIMITS.maxJsonBodyBytes, onError: (c) => refuse(c, 'body_too_large', 413) });
const drawingLimit = bodyLimit({ maxSize: DRAWING_LIMITS.maxUploadBytes, onError: (c) => refuse(c, 'image_too_large', 413) });

const db = (c: Context<AppEnv>) => c.get('services').db.prisma;

/** Never kept by a browser or a proxy: case data (FA4, FA7). */
const PRIVATE = { 'Cache-Control': 'private, no-store', Pragma: 'no-cache' } as const;

export const familyRoutes = new Hono<AppEnv>()
  // The API's middleware (server/app.ts), for these paths only: other /api/cases routes never pass here.
  .use('/:caseId/family/*', refuseNulInUrl, requireSameOrigin, resolveSession, requireActor)
  .get('/:caseId/family/plan', caseParams, async (c) =>
    c.json(await getFamilyPlan(db(c), c.get('actor')!, c.req.valid('param').caseId, clientAddress(c)), 200, PRIVATE),
  )
  .put('/:caseId/family/plan', jsonLimit, caseParams, zValidator('json', saveFamilyPlanSchema), async (c) =>
    c.json(await saveFamilyPlan(db(c), c.get('actor')!, c.req.valid('param').caseId, c.req.valid('json'), clientAddress(c)), 200, PRIVATE),
  )
  .post('/:caseId/family/plan/share', jsonLimit, caseParams, zValidator('json', shareFamilyPlanSchema), async (c) =>
    c.json(await shareFamilyPlan(db(c), c.get('actor')!, c.req.valid('param').caseId, c.req.valid('json').revision, clientAddress(c)), 200, PRIVATE),
  )
  .get('/:caseId/family/plan/versions/:meetingId', versionParams, async (c) => {
    const { caseId, meetingId } = c.req.valid('param');
    return c.json(await getFamilyPlanVersion(db(c), c.get('actor')!, caseId, meetingId, clientAddress(c)), 200, PRIVATE);
  })
  .get('/:caseId/family/plan.pdf', caseParams, zValidator('query', familyPdfQuerySchema), async (c) => {
    const actor = c.get('actor')!;
    const { caseId } = c.req.valid('param');
    const { view, version } = await exportFamilyPlan(db(c), actor, caseId, c.req.valid('query').meetingId ?? null, clientAddress(c));
    const pdf = await renderFamilyPdf({
      childName: view.childName,
      reference: view.reference,
      forumName: view.forumName,
      content: version ? version.content : view.content,
      status: version ? `Som den var på mødet ${familyDate(version.meetingStartsAt.slice(0, 10))}` : statusLine(view),
      // A version shows the houses and the drawings kept with it (FA9); the current one today's.
      houses: version ? version.houses : view.houses,
      drawings: version ? await versionDrawingImages(db(c), view.caseId, version.meetingId) : await drawingImages(db(c), view.caseId),
    });
    log.info('family_plan_exported', { caseId: view.caseId, userId: actor.userId });
    return c.body(new Uint8Array(pdf), 200, {
      ...PRIVATE,
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="familiens-plan-${view.reference.toLowerCase()}.pdf"`,
      'Content-Length': String(pdf.length),
    });
  })
  .get('/:caseId/family/drawings', caseParams, async (c) =>
    c.json({ drawings: await listDrawings(db(c), c.get('actor')!, c.req.valid('param').caseId, clientAddress(c)) }, 200, PRIVATE),
  )
  .get('/:caseId/family/drawings/:house', drawingParams, async (c) => {
    const { caseId, house } = c.req.valid('param');
    const image = await readDrawing(db(c), c.get('actor')!, caseId, house, clientAddress(c));
    if (!image) return refuse(c, 'not_found', 404);
    return c.body(new Uint8Array(image), 200, {
      ...PRIVATE,
      'Content-Type': 'image/jpeg',
      'Content-Length': String(image.length),
      'Content-Disposition': 'inline',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  })
  .put('/:caseId/family/drawings/:house', drawingLimit, drawingParams, async (c) => {
    const { caseId, house } = c.req.valid('param');
    const { db: database, hub } = c.get('services');
    try {
      const meta = await uploadDrawing(database.prisma, hub, c.get('actor')!, caseId, house, async () => new Uint8Array(await c.req.arrayBuffer()), clientAddress(c));
      return c.json(meta, 201, PRIVATE);
    } catch (err) {
      if (!(err instanceof ImageRefused)) throw err;
      log.warn('http_refused', { path: routePath(c), status: err.status, code: err.code });
      return refuse(c, err.code, err.status);
    }
  })
  .delete('/:caseId/family/drawings/:house', drawingParams, async (c) => {
    const { caseId, house } = c.req.valid('param');
    const { db: database, hub } = c.get('services');
    await deleteDrawing(database.prisma, hub, c.get('actor')!, caseId, house, clientAddress(c));
    return c.body(null, 204);
  });
