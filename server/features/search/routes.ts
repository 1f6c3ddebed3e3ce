/**
 * `GET /api/search?q=&forumId=&status=&level=&from=&to=&limit=&offset=` and `POST /api/search` with the same fields
 * as JSON (the web uses POST, so the term stays out of URLs and the logs of proxies). docs/SPEC.md, SE1-SE8.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { clientAddress, requireActor, routePath } from '../../http/middleware.js';
import { pathsWithNul } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import { invalidFields, searchSchema } from './schema.js';
import { searchCases } from './service.js';
import { SearchThrottle } from './throttle.js';

/** One throttle per database (its buckets are rows there, SE8); a test process may run several servers. */
const throttles = new WeakMap<object, SearchThrottle>();
function throttleFor(pool: ConstructorParameters<typeof SearchThrottle>[0]): SearchThrottle {
  let t = throttles.get(pool);
  if (!t) throttles.set(pool, (t = new SearchThrottle(pool)));
  return t;
}

async function search(c: Context<AppEnv>, raw: unknown) {
  const actor = c.get('actor')!;
  const nul = pathsWithNul(raw);
  const parsed = nul.length ? null : searchSchema.safeParse(raw);
  if (!parsed?.success) {
    const fields = parsed ? invalidFields(parsed.error) : nul.map((f) => f || 'body');
    log.warn('http_invalid_input', { path: routePath(c), fields });
    return c.json({ error: 'invalid_input', fields }, 400);
  }
  const db = c.get('services').db;
  const wait = await throttleFor(db.pool).take(actor.userId);
  if (wait > 0) {
    log.warn('search_throttled', { userId: actor.userId });
    c.header('Retry-After', String(wait));
    return c.json({ error: 'rate_limited', retryAfterSeconds: wait }, 429);
  }
  c.header('Cache-Control', 'no-store');
  return c.json(await searchCases(db, actor, parsed.data, clientAddress(c)));
}

export const searchRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get('/', (c) => search(c, c.req.query()))
  .post('/', async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return c.json({ error: 'invalid_input', fields: ['body'] }, 400);
    return search(c, body);
  });
