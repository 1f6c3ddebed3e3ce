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
  }),
);
ready(server.port);
onStop(() => server.close());
