import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { isValidIsoDate } from '../../../shared/caseDoc.js';
import type { AppEnv } from '../../http/context.js';
import { requireActor } from '../../http/middleware.js';
import { log } from '../../observability/log.js';
import { addMonths, todayInCopenhagen } from '../tasks/dates.js';
import { presentKeyFigures } from './presenter.js';
import { loadKeyFigures } from './service.js';

/** The longest period one request may cover (bounds the monthly series). */
export const MAX_PERIOD_MONTHS = 60;

const isoDate = z.string().refine(isValidIsoDate, 'must be a date YYYY-MM-DD');
const querySchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .transform(({ from, to }) => {
    const end = to ?? todayInCopenhagen();
    return { from: from ?? addMonths(end, -12), to: end };
  })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] })
  .refine((p) => addMonths(p.from, MAX_PERIOD_MONTHS) >= p.to, { message: 'period too long', path: ['from'] });

const validQuery = validator('query', (value, c) => {
  const parsed = querySchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))];
    log.warn('http_invalid_input', { path: c.req.routePath, fields });
    return c.json({ error: 'invalid_input', fields }, 400);
  }
  return parsed.data;
});

/** Mounted at /api/forums. */
export const keyFigureRoutes = new Hono<AppEnv>().get('/:forumId/keyfigures', requireActor, validQuery, async (c) => {
  const period = c.req.valid('query');
  const rows = await loadKeyFigures(c.get('services').db, c.get('actor')!, c.req.param('forumId'), period, todayInCopenhagen());
  // Not a chair of this forum (or no such forum): not found, so ids cannot be probed.
  if (!rows) return c.json({ error: 'not_found' }, 404);
  return c.json(presentKeyFigures(rows));
});
