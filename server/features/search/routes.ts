/**
 * `GET /api/search?q=&forumId=&status=&level=&from=&to=&limit=&offset=` and `POST /api/search` with the same fields
 * as JSON (the web uses POST, so the term stays out of URLs and the logs of proxies). docs/SPEC.md, SE1-SE8.
 * Both validated by the one validator (H8): a 400 names the schema's fields only, an unknown key by where it sits.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { clientAddress, requireActor } from '../../http/middleware.js';
import { zValidator } from '../../http/validate.js';
import { log } from '../../observability/log.js';
import { searchSchema, type SearchInput } from './schema.js';
import { searchCases } from './service.js';
import { SearchThrottle } from './throttle.js';

/** One throttle per database (its buckets are rows there, SE8); a test process may run several servers. */
const throttles = new WeakMap<object, SearchThrottle>();
function throttleFor(pool: ConstructorParameters<typeof SearchThrottle>[0]): SearchThrottle {
  let t = throttles.get(pool);
  if (!t) throttles.set(pool, (t = new SearchThrottle(pool)));
  return t;
}

async function search(c: Context<AppEnv>, input: SearchInput) {
  const actor = c.get('actor')!;
  const db = c.get('services').db;
  const wait = await throttleFor(db.pool).take(actor.userId);
  if (wait > 0) {
    log.warn('search_throttled', { userId: actor.userId });
    c.header('Retry-After', String(wait));
    return refuse(c, 'rate_limited', 429, { retryAfterSeconds: wait });
  }
  c.header('Cache-Control', 'no-store');
  return c.json(await searchCases(db, actor, input, clientAddress(c)));
}

export const searchRoutes = new Hono<AppEnv>()
  .use(requireActor)
  .get('/', zValidator('query', searchSchema), (c) => search(c, c.req.valid('query')))
  .post('/', zValidator('json', searchSchema), (c) => search(c, c.req.valid('json')));
