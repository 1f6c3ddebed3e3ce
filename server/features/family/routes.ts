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
import { DRAWING_LIMITS, isHouse, saveFamilyPlanSchema, shareFamilyPlanSchema, type House } from '../../../shared/family.js';
import { LIMITS } from '../../../shared/limits.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, refuseNulInUrl, requireActor, requireSameOrigin, resolveSession, routePath } from '../../http/middleware.js';
import { zValidatorJson } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import { versionDrawingImages } from '../versions/drawings.js';
import { deleteDrawing, drawingImages, listDrawings, readDrawing, uploadDrawing } from './drawings.js';
import { ImageRefused } from './image.js';
import { renderFamilyPdf, statusLine } from './pdf.js';
import { exportFamilyPlan, getFamilyPlan, getFamilyPlanVersion, saveFamilyPlan, shareFamilyPlan } from './service.js';
import { familyDate } from './words.js';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** The path's ids, or a 400 naming the bad ones (never their values), as the versions' routes do. */
function ids(c: Context<AppEnv>, names: Array<'caseId' | 'meetingId'>): Record<string, string> | Response {
  const bad = names.filter((n) => !id.safeParse(c.req.param(n)).success);
  if (bad.length > 0) {
    log.warn('http_invalid_input', { path: routePath(c), fields: bad });
    return c.json({ error: 'invalid_input', fields: bad }, 400);
  }
  return Object.fromEntries(names.map((n) => [n, c.req.param(n)!]));
}

function house(c: Context<AppEnv>): House | Response {
  const h = c.req.param('house');
  if (isHouse(h)) return h;
  log.warn('http_invalid_input', { path: routePath(c), fields: ['house'] });
  return c.json({ error: 'invalid_input', fields: ['house'] }, 400);
}

const jsonLimit = bodyLimit({ maxSize: LIMITS.maxJsonBodyBytes, onError: (c) => c.json({ error: 'body_too_large' }, 413) });
const drawingLimit = bodyLimit({ maxSize: DRAWING_LIMITS.maxUploadBytes, onError: (c) => c.json({ error: 'image_too_large' }, 413) });

const db = (c: Context<AppEnv>) => c.get('services').db.prisma;

/** Never kept by a browser or a proxy: case data (FA4, FA7). */
const PRIVATE = { 'Cache-Control': 'private, no-store', Pragma: 'no-cache' } as const;

export const familyRoutes = new Hono<AppEnv>()
  // The API's middleware (server/app.ts), for these paths only: other /api/cases routes never pass here.
  .use('/:caseId/family/*', refuseNulInUrl, requireSameOrigin, resolveSession, requireActor)
  .get('/:caseId/family/plan', async (c) => {
    const p = ids(c, ['caseId']);
    if (p instanceof Response) return p;
    return c.json(await getFamilyPlan(db(c), c.get('actor')!, p.caseId!, clientAddress(c)), 200, PRIVATE);
  })
  .put('/:caseId/family/plan', jsonLimit, zValidatorJson(saveFamilyPlanSchema), async (c) => {
    const p = ids(c, ['caseId']);
    if (p instanceof Response) return p;
    return c.json(await saveFamilyPlan(db(c), c.get('actor')!, p.caseId!, c.req.valid('json'), clientAddress(c)), 200, PRIVATE);
  })
  .post('/:caseId/family/plan/share', jsonLimit, zValidatorJson(shareFamilyPlanSchema), async (c) => {
    const p = ids(c, ['caseId']);
    if (p instanceof Response) return p;
    return c.json(await shareFamilyPlan(db(c), c.get('actor')!, p.caseId!, c.req.valid('json').revision, clientAddress(c)), 200, PRIVATE);
  })
  .get('/:caseId/family/plan/versions/:meetingId', async (c) => {
    const p = ids(c, ['caseId', 'meetingId']);
    if (p instanceof Response) return p;
    return c.json(await getFamilyPlanVersion(db(c), c.get('actor')!, p.caseId!, p.meetingId!, clientAddress(c)), 200, PRIVATE);
  })
  .get('/:caseId/family/plan.pdf', async (c) => {
    const p = ids(c, ['caseId']);
    if (p instanceof Response) return p;
    const meetingId = c.req.query('meetingId') ?? null;
    if (meetingId !== null && !id.safeParse(meetingId).success) return c.json({ error: 'invalid_input', fields: ['meetingId'] }, 400);
    const actor = c.get('actor')!;
    const { view, version } = await exportFamilyPlan(db(c), actor, p.caseId!, meetingId, clientAddress(c));
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
  .get('/:caseId/family/drawings', async (c) => {
    const p = ids(c, ['caseId']);
    if (p instanceof Response) return p;
    return c.json({ drawings: await listDrawings(db(c), c.get('actor')!, p.caseId!, clientAddress(c)) }, 200, PRIVATE);
  })
  .get('/:caseId/family/drawings/:house', async (c) => {
    const p = ids(c, ['caseId']);
    if (p instanceof Response) return p;
    const h = house(c);
    if (h instanceof Response) return h;
    const image = await readDrawing(db(c), c.get('actor')!, p.caseId!, h, clientAddress(c));
    if (!image) return c.json({ error: 'not_found' }, 404);
    return c.body(new Uint8Array(image), 200, {
      ...PRIVATE,
      'Content-Type': 'image/jpeg',
      'Content-Length': String(image.length),
      'Content-Disposition': 'inline',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  })
  .put('/:caseId/family/drawings/:house', drawingLimit, async (c) => {
    const p = ids(c, ['caseId']);
    if (p instanceof Response) return p;
    const h = house(c);
    if (h instanceof Response) return h;
    const { db: database, hub } = c.get('services');
    try {
      const meta = await uploadDrawing(database.prisma, hub, c.get('actor')!, p.caseId!, h, async () => new Uint8Array(await c.req.arrayBuffer()), clientAddress(c));
      return c.json(meta, 201, PRIVATE);
    } catch (err) {
      if (!(err instanceof ImageRefused)) throw err;
      log.warn('http_refused', { path: routePath(c), status: err.status, code: err.code });
      return c.json({ error: err.code }, err.status);
    }
  })
  .delete('/:caseId/family/drawings/:house', async (c) => {
    const p = ids(c, ['caseId']);
    if (p instanceof Response) return p;
    const h = house(c);
    if (h instanceof Response) return h;
    const { db: database, hub } = c.get('services');
    await deleteDrawing(database.prisma, hub, c.get('actor')!, p.caseId!, h, clientAddress(c));
    return c.body(null, 204);
  });
