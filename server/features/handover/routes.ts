/**
 * The hand-over of a closed meeting (docs/SPEC.md, HO7-HO10), mounted at /api/meetings. Ids and the sector only in
 * the path; HandoverService decides, through the policy.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { SECTORS } from '../../../shared/domain.js';
import { journalNumberSchema } from '../../../shared/schemas/journal.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { idSchema } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import { HandoverService, type PacketAddress, type PacketFormat } from './service.js';

const meetingParams = zValidator('param', z.object({ meetingId: idSchema }).strict());
const packetParams = zValidator('param', z.object({ meetingId: idSchema, caseId: idSchema, sector: z.enum(SECTORS) }).strict());

/** HO9: the sector's own journal or case number, checked like a journal number (MN3): never a CPR number. */
export const filingSchema = z.object({ externalReference: journalNumberSchema.shape.journalNumber.optional() }).strict();

const service = (c: Context<AppEnv>) => new HandoverService(c.get('services').db.prisma, clientAddress(c));

async function download(c: Context<AppEnv>, address: PacketAddress, format: PacketFormat) {
  const actor = c.get('actor')!;
  const file = await service(c).download(actor, address, format);
  // An export of case data: logged with ids only.
  log.info('handover_exported', { meetingId: address.meetingId, caseId: address.caseId, sector: address.sector, format, userId: actor.userId });
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.fileName}"`,
    'Content-Length': String(file.body.length),
    'Cache-Control': 'private, no-store',
  });
}

export const handoverRoutes = new Hono<AppEnv>()
  .get('/:meetingId/handover', requireActor, meetingParams, async (c) => c.json(await service(c).overview(c.get('actor')!, c.req.valid('param').meetingId)))
  .get('/:meetingId/handover/:caseId/:sector/packet.pdf', requireActor, packetParams, (c) => download(c, c.req.valid('param'), 'pdf'))
  .get('/:meetingId/handover/:caseId/:sector/packet.json', requireActor, packetParams, (c) => download(c, c.req.valid('param'), 'json'))
  .put('/:meetingId/handover/:caseId/:sector/filing', requireActor, packetParams, zValidator('json', filingSchema), async (c) => {
    await service(c).file(c.get('actor')!, c.req.valid('param'), c.req.valid('json').externalReference ?? null);
    return c.body(null, 204);
  })
  .delete('/:meetingId/handover/:caseId/:sector/filing', requireActor, packetParams, async (c) => {
    await service(c).unfile(c.get('actor')!, c.req.valid('param'));
    return c.body(null, 204);
  });
