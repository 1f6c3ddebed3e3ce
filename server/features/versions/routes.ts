/**
 * A case meeting by meeting (docs/SPEC.md, VR2-VR3), mounted at /api/cases:
 * its versions, one version as it was, and what changed since the latest.
 * Unknown and refused look the same (404); ids only in the path.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { HOUSES } from '../../../shared/family.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { idParams, idSchema } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { readVersionDrawing } from './drawings.js';
import { changesSinceLast, getVersion, listVersions } from './service.js';

const caseParams = zValidator('param', idParams('caseId'));
const versionParams = zValidator('param', idParams('caseId', 'meetingId'));
const versionDrawingParams = zValidator('param', z.object({ caseId: idSchema, meetingId: idSchema, house: z.enum(HOUSES) }).strict());

export const versionRoutes = new Hono<AppEnv>()
  .get('/:caseId/versions', requireActor, caseParams, async (c) => {
    const list = await listVersions(c.get('services').db.prisma, c.get('actor')!, c.req.valid('param').caseId, clientAddress(c));
    return list ? c.json(list, 200) : refuse(c, 'not_found', 404);
  })
  .get('/:caseId/versions/:meetingId', requireActor, versionParams, async (c) => {
    const { caseId, meetingId } = c.req.valid('param');
    const version = await getVersion(c.get('services').db.prisma, c.get('actor')!, caseId, meetingId, clientAddress(c));
    return version ? c.json(version, 200) : refuse(c, 'not_found', 404);
  })
  // FA9: a drawing as the version kept it; never cached, like the case's own (FA7).
  .get('/:caseId/versions/:meetingId/drawings/:house', requireActor, versionDrawingParams, async (c) => {
    const { caseId, meetingId, house } = c.req.valid('param');
    const image = await readVersionDrawing(c.get('services').db.prisma, c.get('actor')!, caseId, meetingId, house, clientAddress(c));
    if (!image) return refuse(c, 'not_found', 404);
    return c.body(new Uint8Array(image), 200, {
      'Cache-Control': 'private, no-store',
      Pragma: 'no-cache',
      'Content-Type': 'image/jpeg',
      'Content-Length': String(image.length),
      'Content-Disposition': 'inline',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  })
  .get('/:caseId/changes', requireActor, caseParams, async (c) => {
    const changes = await changesSinceLast(c.get('services').db.prisma, c.get('actor')!, c.req.valid('param').caseId, clientAddress(c));
    return changes ? c.json(changes, 200) : refuse(c, 'not_found', 404);
  });
