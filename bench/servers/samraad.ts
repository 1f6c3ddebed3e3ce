/** Samråd itself, in its own process, with token auth and durable group commit. */
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/server.js';
import { benchPort, onStop, ready, serveStats } from './common.js';

serveStats();
const server = await startServer(
  loadConfig({
    NODE_ENV: 'test',
    PORT: String(benchPort()),
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
    SERVE_WEB: 'false',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    WS_TOKEN_TTL_SECONDS: '3600',
    // Experiments only (default: the server's own default of 1000).
    ...(process.env.BENCH_COMPACT_AFTER ? { COMPACT_AFTER_UPDATES: process.env.BENCH_COMPACT_AFTER } : {}),
    ...(process.env.BENCH_COMMIT_WINDOW ? { COMMIT_WINDOW_MS: process.env.BENCH_COMMIT_WINDOW } : {}),
    // Two-instance run: fan-out over Redis between instances on one database.
    ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL, REDIS_PREFIX: process.env.BENCH_REDIS_PREFIX ?? 'bench' } : {}),
  }),
);
ready(server.port);
onStop(() => server.close());
