/** Operational endpoints: health for load balancers, metrics for Prometheus. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { clientAddress } from '../../http/middleware.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export const systemRoutes = new Hono<AppEnv>()
  .get('/healthz', async (c) => {
    const started = performance.now();
    // Redis is reported but never fails the check: an instance without it still serves its clients (SO4).
    const redisUp = c.get('services').metrics.gauges.redisConnected;
    const redis = redisUp ? { redis: redisUp() === 1 ? 'up' : 'down' } : {};
    try {
      await c.get('services').db.pool.query('SELECT 1');
      return c.json({ status: 'ok', database: 'up', ...redis, latencyMs: Math.round(performance.now() - started) });
    } catch {
      return c.json({ status: 'degraded', database: 'down' }, 503);
    }
  })
  .get('/metrics', (c) => {
    const { config, metrics } = c.get('services');
    const token = config.METRICS_TOKEN;
    const bearer = c.req.header('authorization');
    const allowed = LOOPBACK.has(clientAddress(c)) || (token !== undefined && bearer === `Bearer ${token}`);
    if (!allowed) return c.json({ error: 'forbidden' }, 403);
    return c.text(metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4' });
  });
