/**
 * The hand-over of a closed meeting (docs/SPEC.md, HO7-HO10), mounted at /api/meetings. Ids and the sector only in
 * the path; HandoverService decides, through the policy.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { SECTORS } from '../../../shared/domain.js';
import { journalNumberSchema } from '../../../shared/schemas/journal.js';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor, routePath } from '../../http/middleware.js';
import { zValidatorJson } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import { HandoverService, type PacketAddress, type PacketFormat } from './service.js';

/** Opaque ids (cuid): letters, digits, '-' and '_', never case text. */
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const meetingParams = z.object({ meetingId: id }).strict();
const packetParams = z.object({ meetingId: id, caseId: id, sector: z.enum(SECTORS) }).strict();

/** HO9: the sector's own journal or case number, checked like a journal number (MN3): never a CPR number. */
export const filingSchema = z.object({ externalReference: journalNumberSchema.shape.journalNumber.optional() }).strict();

function params<S extends z.ZodTypeAny>(c: Context<AppEnv>, schema: S): { ok: true; data: z.infer<S> } | { ok: false; res: Response } {
  const parsed = schema.safeParse(c.req.param());
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'params'))];
  log.warn('http_invalid_input', { path: routePath(c), fields });
  return { ok: false, res: c.json({ error: 'invalid_input', fields }, 400) };
}

const service = (c: Context<AppEnv>) => new HandoverService(c.get('services').db.prisma, clientAddress(c));

async function download(c: Context<AppEnv>, format: PacketFormat) {
  const p = params(c, packetParams);
  if (!p.ok) return p.res;
  const actor = c.get('actor')!;
  const file = await service(c).download(actor, p.data as PacketAddress, format);
  // An export of case data: logged with ids only.
  log.info('handover_exported', { meetingId: p.data.meetingId, caseId: p.data.caseId, sector: p.data.sector, format, userId: actor.userId });
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.fileName}"`,
    'Content-Length': String(file.body.length),
    'Cache-Control': 'private, no-store',
  });
}

export const handoverRoutes = new Hono<AppEnv>()
  .get('/:meetingId/handover', requireActor, async (c) => {
    const p = params(c, meetingParams);
    if (!p.ok) return p.res;
    return c.json(await service(c).overview(c.get('actor')!, p.data.meetingId));
  })
  .get('/:meetingId/handover/:caseId/:sector/packet.pdf', requireActor, (c) => download(c, 'pdf'))
  .get('/:meetingId/handover/:caseId/:sector/packet.json', requireActor, (c) => download(c, 'json'))
  .put('/:meetingId/handover/:caseId/:sector/filing', requireActor, zValidatorJson(filingSchema), async (c) => {
    const p = params(c, packetParams);
    if (!p.ok) return p.res;
    await service(c).file(c.get('actor')!, p.data as PacketAddress, c.req.valid('json').externalReference ?? null);
    return c.body(null, 204);
  })
  .delete('/:meetingId/handover/:caseId/:sector/filing', requireActor, async (c) => {
    const p = params(c, packetParams);
    if (!p.ok) return p.res;
    await service(c).unfile(c.get('actor')!, p.data as PacketAddress);
    return c.body(null, 204);
  });
