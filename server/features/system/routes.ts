/** Operational endpoints: health for load balancers, metrics for Prometheus. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuse } from '../../http/errors.js';
import { dbFaults } from '../../db/checkout.js';
import { clientAddress } from '../../http/middleware.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** /healthz answers within this even when the database hangs (D6). */
const HEALTH_TIMEOUT_MS = 2000;
const TIMED_OUT = new Error('database did not answer in time');

export const systemRoutes = new Hono<AppEnv>()
  .get('/healthz', async (c) => {
    const started = performance.now();
    // Redis is reported but never fails the check: an instance without it still serves its clients (SO4).
    const redisUp = c.get('services').metrics.gauges.redisConnected;
    const redis = redisUp ? { redis: redisUp() === 1 ? 'up' : 'down' } : {};
    // D6: answers within HEALTH_TIMEOUT_MS even when the database hangs rather than refuses.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(TIMED_OUT), HEALTH_TIMEOUT_MS);
    });
    // Connection errors of the last minute (terminated backends, a failover): reported, the check itself decides.
    const recent = dbFaults.recentCount();
    const faults = recent ? { databaseErrors: { lastMinute: recent, last: dbFaults.lastError, lastAt: new Date(dbFaults.lastAt).toISOString() } } : {};
    try {
      await Promise.race([c.get('services').db.pool.query('SELECT 1'), timeout]);
      return c.json({ status: 'ok', database: 'up', ...redis, ...faults, latencyMs: Math.round(performance.now() - started) });
    } catch (err) {
      const database = err === TIMED_OUT ? 'timeout' : 'down';
      return c.json({ status: 'degraded', database, ...redis, ...faults }, 503);
    } finally {
      clearTimeout(timer);
    }
  })
  .get('/metrics', (c) => {
    const { config, metrics } = c.get('services');
    const token = config.METRICS_TOKEN;
    const bearer = c.req.header('authorization');
    const allowed = LOOPBACK.has(clientAddress(c)) || (token !== undefined && bearer === `Bearer ${token}`);
    if (!allowed) return refuse(c, 'forbidden', 403);
    return c.text(metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4' });
  });
