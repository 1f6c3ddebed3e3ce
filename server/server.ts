/**
 * Builds and starts a whole Samråd server: database (embedded or external),
 * migrations, HTTP, socket.io and the collaboration websocket on one port.
 * Used by main.ts and by the tests (port 0), so both run the same code.
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.js';
import { LiveConnections } from './auth/live-connections.js';
import { SessionStore } from './auth/sessions.js';
import { LoginThrottle } from './auth/throttle.js';
import { RoomManager } from './collab/manager.js';
import { AttributionStore } from './collab/attribution-store.js';
import { UpdateStore } from './collab/store.js';
import { COLLAB_PREFIX, createCollabUpgrade, refuse } from './collab/upgrade.js';
import { publicOriginOf, type Config } from './config.js';
import { createDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { proxyTrustOf } from './http/proxy.js';
import { openDatabase } from './db/postgres.js';
import { mirrorCaseDocument } from './features/cases/mirror.js';
import { log, setLogLevel } from './observability/log.js';
import { Metrics } from './observability/metrics.js';
import { allJobs } from './jobs/index.js';
import { startJobs } from './jobs/engine.js';
import { RealtimeHub } from './realtime/hub.js';
import { attachMeetingChannel } from './realtime/meeting-channel.js';
import { startScaleOut, type ScaleOut } from './scale/index.js';
import { settleMailsSentNow } from './features/mail/now.js';
import { seedDemoIfEmpty } from './seed/demo.js';

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  rooms: RoomManager;
  metrics: Metrics;
  live: LiveConnections;
  hub: RealtimeHub;
  /** Cross-instance fan-out (enabled with REDIS_URL). */
  scale: ScaleOut;
  /** Runs a scheduled job at once and waits for it; rejects when the run failed (tests use it instead of waiting). */
  runJob(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  setLogLevel(config.LOG_LEVEL);
  const pg = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT });
  const db = createDatabase(pg.connection);
  try {
    await migrate(db.pool);
    if (config.NODE_ENV === 'development') await seedDemoIfEmpty(db, config.SAMRAAD_DEMO_PASSWORD);
  } catch (err) {
    await db.close();
    await pg.stop();
    throw err;
  }

  const metrics = new Metrics();
  const live = new LiveConnections();
  const sessions = new SessionStore(db.prisma, db.pool, config);
  const store = new UpdateStore(db.pool, metrics, config.COMMIT_WINDOW_MS, mirrorCaseDocument);
  // Without REDIS_URL: a no-op fan-out and no Redis connection.
  const scale = await startScaleOut(config, { metrics, live, pool: db.pool });
  const rooms = new RoomManager(store, metrics, config.COMPACT_AFTER_UPDATES, undefined, scale.fanout, new AttributionStore(db.pool));
  const hub = new RealtimeHub();

  let origins: ReadonlySet<string> = new Set();
  const publicOrigin = () => publicOriginOf(config, port);
  let port = config.PORT;

  const app = createApp({
    config,
    db,
    sessions,
    live,
    metrics,
    throttle: new LoginThrottle(db.pool),
    hub,
    collab: rooms,
    allowedOrigins: () => origins,
    publicOrigin,
    secure: () => publicOrigin().startsWith('https:'),
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const channelDeps = { db: db.prisma, sessions, live, metrics, hub, allowedOrigins: () => origins };
  const meeting = attachMeetingChannel(server, { ...channelDeps, cluster: scale.socketIo });
  const collab = createCollabUpgrade({ ...channelDeps, pool: db.pool, rooms, sessionIdleMinutes: config.SESSION_IDLE_MINUTES, proxies: proxyTrustOf(config) });

  // socket.io handles its own path; everything else that upgrades is ours.
  server.on('upgrade', (req, socket, head) => {
    const url = req.url ?? '/';
    if (url.startsWith('/socket.io/')) return;
    if (url.startsWith(COLLAB_PREFIX)) return collab.handle(req, socket, head);
    refuse(socket, 404, 'no_such_websocket');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  origins = new Set([
    publicOrigin(),
    `http://localhost:${port}`,
    `http://127.0.0.1:${port}`,
    ...(config.NODE_ENV === 'development' ? ['http://localhost:5173', 'http://127.0.0.1:5173'] : []),
    ...(config.ALLOWED_ORIGINS ?? []),
  ]);

  // In tests the clock does not fire runs; they run jobs with runJob (see JobEngineOptions.fireSchedules).
  const jobs = await startJobs(allJobs({ config, db, sessions, hub }), { pool: db.pool, metrics, fireSchedules: config.NODE_ENV !== 'test' });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      collab.close(); // L2, first: a client reconnecting during the shutdown must not open a room again
      // Lets a run under way finish (up to 10 s) while the rest shuts down.
      const jobsStopped = jobs.stop().catch((err) => log.error('jobs_stop_failed', { err: (err as Error).message }));
      await rooms.closeAll();
      scale.stop(); // after the rooms said they left, before socket.io's adapter closes
      await meeting.close(); // also closes the HTTP server
      await scale.close();
      server.closeAllConnections?.();
      store.stop();
      metrics.stop();
      await jobsStopped;
      // A mail being sent at once (ML8) finishes before its row lock's connection goes; at most 5 s, then it waits as PENDING for the job.
      await Promise.race([settleMailsSentNow(), new Promise((r) => setTimeout(r, 5_000).unref())]);
      await db.close();
      await pg.stop();
      log.info('server_stopped');
    })());

  log.info('server_started', { port, env: config.NODE_ENV, embeddedDb: !config.DATABASE_URL, instance: scale.instanceId });
  return { url: `http://127.0.0.1:${port}`, port, db, rooms, metrics, live, hub, scale, runJob: jobs.runNow, close };
}
