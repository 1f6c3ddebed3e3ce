/**
 * Key figures (docs/SPEC.md T7, T8, KF1-KF7), mounted at /api/forums:
 *   GET /keyfigures/scopes                           which scopes the caller may see
 *   GET /keyfigures/year?forum=&from=&to=&lang=       a year, month by month (no forum: the municipality)
 *   GET /keyfigures/year.csv?…                        the same as CSV
 *   GET /:forumId/keyfigures?from&to                  T7's summary of one forum (read off the same tables)
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isValidIsoDate } from '../../../shared/caseDoc.js';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { requireActor } from '../../http/middleware.js';
import { idParams } from '../../http/params.js';
import { zValidator } from '../../http/validate.js';
import { addMonths, todayInCopenhagen } from '../tasks/dates.js';
import { csvFileName, yearCsv } from './csv.js';
import { presentLegacy, presentYear } from './presenter.js';
import { checkAccess, municipalFigures, visibleScopes, type MonthPeriod } from './service.js';
import type { KeyFigureScopes } from './types.js';

/** The longest period one request may cover (bounds the monthly series). */
export const MAX_PERIOD_MONTHS = 60;
/** The year view's longest period (KF2). */
export const MAX_YEAR_MONTHS = 36;

const isoDate = z.string().refine(isValidIsoDate, 'must be a date YYYY-MM-DD');
const legacySchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .transform(({ from, to }) => {
    const end = to ?? todayInCopenhagen();
    return { from: from ?? addMonths(end, -12), to: end };
  })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] })
  .refine((p) => addMonths(p.from, MAX_PERIOD_MONTHS) >= p.to, { message: 'period too long', path: ['from'] });

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const monthsBetween = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5));
const yearSchema = z
  .object({
    forum: z.string().min(1).max(64).optional(),
    from: month.optional(),
    to: month.optional(),
    lang: z.enum(['da', 'en']).default('da'),
  })
  .transform(({ forum, from, to, lang }) => {
    const end = to ?? todayInCopenhagen().slice(0, 7);
    return { forum: forum ?? null, lang, period: { from: from ?? addMonths(`${end}-01`, -11).slice(0, 7), to: end } };
  })
  .refine((q) => q.period.from <= q.period.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => monthsBetween(q.period.from, q.period.to) < MAX_YEAR_MONTHS, { message: 'period too long', path: ['from'] });

async function year(c: Context<AppEnv>, q: { forum: string | null; period: MonthPeriod }) {
  const { db } = c.get('services');
  const access = await checkAccess(db, c.get('actor')!, q.forum === null ? { kind: 'municipality' } : { kind: 'forum', forumId: q.forum });
  if (!access.ok) return { refused: access.status } as const;
  const figures = await municipalFigures(db, access.municipalityId, q.period, todayInCopenhagen());
  return { year: presentYear(figures, access.forum) } as const;
}

const refusal = (c: Context, status: 403 | 404) => (status === 403 ? refuse(c, 'forbidden', 403) : refuse(c, 'not_found', 404));

export const keyFigureRoutes = new Hono<AppEnv>()
  .get('/keyfigures/scopes', requireActor, async (c) => {
    const actor = c.get('actor')!;
    const { db } = c.get('services');
    const scopes = await visibleScopes(db, actor);
    const municipality = scopes.municipality
      ? await db.prisma.municipality.findUniqueOrThrow({ where: { id: actor.municipalityId }, select: { id: true, name: true } })
      : null;
    return c.json({ municipality, forums: scopes.forums } satisfies KeyFigureScopes);
  })
  .get('/keyfigures/year', requireActor, zValidator('query', yearSchema), async (c) => {
    const result = await year(c, c.req.valid('query'));
    if ('refused' in result) return refusal(c, result.refused!);
    return c.json(result.year);
  })
  .get('/keyfigures/year.csv', requireActor, zValidator('query', yearSchema), async (c) => {
    const q = c.req.valid('query');
    const result = await year(c, q);
    if ('refused' in result) return refusal(c, result.refused!);
    return c.body(yearCsv(result.year, q.lang), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${csvFileName(result.year)}"`,
      'Cache-Control': 'no-store',
    });
  })
  .get('/:forumId/keyfigures', requireActor, zValidator('param', idParams('forumId')), zValidator('query', legacySchema), async (c) => {
    const period = c.req.valid('query');
    const { db } = c.get('services');
    const access = await checkAccess(db, c.get('actor')!, { kind: 'forum', forumId: c.req.valid('param').forumId });
    // Not a chair of this forum (or no such forum): not found, so ids cannot be probed.
    if (!access.ok || !access.forum) return refuse(c, 'not_found', 404);
    const figures = await municipalFigures(db, access.municipalityId, { from: period.from.slice(0, 7), to: period.to.slice(0, 7) }, todayInCopenhagen());
    return c.json(presentLegacy(figures, access.forum, period));
  });
