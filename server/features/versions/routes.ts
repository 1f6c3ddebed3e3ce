/**
 * A case meeting by meeting (docs/SPEC.md, VR2-VR3), mounted at /api/cases:
 * its versions, one version as it was, and what changed since the latest.
 * Unknown and refused look the same (404); ids only in the path.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor, routePath } from '../../http/middleware.js';
import { log } from '../../observability/log.js';
import { isHouse } from '../../../shared/family.js';
import { readVersionDrawing } from './drawings.js';
import { changesSinceLast, getVersion, listVersions } from './service.js';

/** Opaque ids (cuid): letters, digits, '-' and '_', never case text. */
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const caseParams = z.object({ caseId: id }).strict();
const versionParams = z.object({ caseId: id, meetingId: id }).strict();
const versionDrawingParams = z.object({ caseId: id, meetingId: id, house: z.string().refine(isHouse) }).strict();

/** The path's ids, or a 400 naming the bad ones (never their values). */
function params<S extends z.ZodTypeAny>(c: Context<AppEnv>, schema: S): { ok: true; data: z.infer<S> } | { ok: false; res: Response } {
  const parsed = schema.safeParse(c.req.param());
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'params'))];
  log.warn('http_invalid_input', { path: routePath(c), fields });
  return { ok: false, res: c.json({ error: 'invalid_input', fields }, 400) };
}

const answer = <T>(c: Context<AppEnv>, result: T | null) => (result ? c.json(result) : c.json({ error: 'not_found' }, 404));

export const versionRoutes = new Hono<AppEnv>()
  .get('/:caseId/versions', requireActor, async (c) => {
    const p = params(c, caseParams);
    if (!p.ok) return p.res;
    return answer(c, await listVersions(c.get('services').db.prisma, c.get('actor')!, p.data.caseId, clientAddress(c)));
  })
  .get('/:caseId/versions/:meetingId', requireActor, async (c) => {
    const p = params(c, versionParams);
    if (!p.ok) return p.res;
    const { caseId, meetingId } = p.data;
    return answer(c, await getVersion(c.get('services').db.prisma, c.get('actor')!, caseId, meetingId, clientAddress(c)));
  })
  // FA9: a drawing as the version kept it; never cached, like the case's own (FA7).
  .get('/:caseId/versions/:meetingId/drawings/:house', requireActor, async (c) => {
    const p = params(c, versionDrawingParams);
    if (!p.ok) return p.res;
    const { caseId, meetingId, house } = p.data;
    const image = await readVersionDrawing(c.get('services').db.prisma, c.get('actor')!, caseId, meetingId, house, clientAddress(c));
    if (!image) return c.json({ error: 'not_found' }, 404);
    return c.body(new Uint8Array(image), 200, {
      'Cache-Control': 'private, no-store',
      Pragma: 'no-cache',
      'Content-Type': 'image/jpeg',
      'Content-Length': String(image.length),
      'Content-Disposition': 'inline',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  })
  .get('/:caseId/changes', requireActor, async (c) => {
    const p = params(c, caseParams);
    if (!p.ok) return p.res;
    return answer(c, await changesSinceLast(c.get('services').db.prisma, c.get('actor')!, p.data.caseId, clientAddress(c)));
  });
