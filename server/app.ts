/**
 * The Hono app: cross-cutting middleware, then one sub-app per feature.
 * Websocket upgrades (/collab/, /socket.io/) are routed in server/main.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';
import { serveStatic } from '@hono/node-server/serve-static';
import { LIMITS } from '../shared/limits.js';
import { adminRoutes } from './features/admin/routes.js';
import { adminJobRoutes } from './features/admin/jobs-routes.js';
import { authRoutes } from './features/auth/routes.js';
import { caseRoutes } from './features/cases/routes.js';
import { versionRoutes } from './features/versions/routes.js';
import { documentRoutes } from './features/documents/routes.js';
import { forumRoutes } from './features/forums/routes.js';
import { DomainError } from './features/meetings/errors.js';
import { meetingRoutes } from './features/meetings/routes.js';
import { privacyRoutes } from './features/privacy/routes.js';
import { calendarRoutes } from './features/calendar/routes.js';
import { keyFigureRoutes } from './features/keyfigures/routes.js';
import { minutesRoutes } from './features/minutes/routes.js';
import { handoverRoutes } from './features/handover/routes.js';
import { overviewRoutes } from './features/overview/routes.js';
import { notificationRoutes } from './features/reminders/routes.js';
import { taskRoutes } from './features/tasks/routes.js';
import { systemRoutes } from './features/system/routes.js';
import { auditAdminRoutes, caseAccessLogRoutes } from './features/audit/routes.js';
import { caseCloseRoutes } from './features/retention/routes.js';
import { accessRequestRoutes } from './features/access-request/routes.js';
import { searchRoutes } from './features/search/routes.js';
import { accessibilityRoutes, homeRoutes } from './features/home/routes.js';
import { familyRoutes } from './features/family/routes.js';
import { parentRoutes } from './features/parents/routes.js';
import type { AppEnv, Services } from './http/context.js';
import { checkErrorCodes, refuse } from './http/errors.js';
import { refuseNulInUrl, requireSameOrigin, resolveSession, securityHeaders, withServices } from './http/middleware.js';
import { log } from './observability/log.js';

// The built web app (Vite writes dist/web): beside server/ when run from source (tsx, tests), beside dist/server/
// when run compiled (`node dist/server/main.js`, scripts/build-server.mjs).
export const WEB_DIST = path.resolve(import.meta.dirname, import.meta.filename.endsWith('.js') ? '../web' : '../dist/web');

export function createApp(services: Services) {
  const api = new Hono<AppEnv>()
    .use(refuseNulInUrl)
    .use(requireSameOrigin)
    .use(bodyLimit({ maxSize: LIMITS.maxJsonBodyBytes, onError: (c) => refuse(c, 'body_too_large', 413) }))
    .use(resolveSession)
    .route('/auth', authRoutes)
    .route('/documents', documentRoutes)
    .route('/forums', forumRoutes)
    .route('/cases', caseRoutes)
    .route('/cases', versionRoutes)
    .route('/cases', privacyRoutes)
    .route('/meetings', meetingRoutes)
    .route('/me', taskRoutes)
    .route('/me', homeRoutes)
    .route('/', accessibilityRoutes)
    .route('/forums', overviewRoutes)
    .route('/forums', keyFigureRoutes)
    .route('/meetings', minutesRoutes)
    .route('/meetings', handoverRoutes)
    .route('/search', searchRoutes)
    .route('/notifications', notificationRoutes)
    .route('/', calendarRoutes)
    .route('/admin/audit', auditAdminRoutes)
    .route('/admin/jobs', adminJobRoutes)
    .route('/admin', adminRoutes)
    .route('/cases', caseAccessLogRoutes)
    .route('/cases', caseCloseRoutes)
    .route('/cases', accessRequestRoutes);

  const app = new Hono<AppEnv>()
    .use(withServices(services))
    .use(securityHeaders)
    .use(checkErrorCodes)
    .route('/', systemRoutes)
    .route('/api/cases', familyRoutes) // before /api: a drawing is larger than its JSON body limit (family/routes.ts)
    .route('/api/parent', parentRoutes) // before /api: parents never pass the members' sub-apps (parents/routes.ts)
    .route('/api', api);

  app.all('/api/*', (c) => refuse(c, 'not_found', 404));
  app.onError((err, c) => {
    if (err instanceof DomainError) {
      log.warn('http_refused', { path: c.req.routePath, status: err.status, code: err.code });
      return refuse(c, err.code, err.status, err.details);
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own refusals, e.g. a body that is not JSON at all.
      log.warn('http_refused', { path: c.req.routePath, status: err.status });
      return refuse(c, err.status === 400 ? 'invalid_input' : 'refused', err.status);
    }
    // Class and code only: database errors quote the offending values in their messages (G1).
    log.error('http_unhandled', { path: c.req.routePath, err: err.name, code: (err as { code?: unknown }).code });
    return refuse(c, 'internal', 500);
  });

  if (services.config.SERVE_WEB) mountWeb(app);
  return app;
}

/** Serves the built web app, with index.html for every client-side route. */
function mountWeb(app: Hono<AppEnv>): void {
  const root = path.relative(process.cwd(), WEB_DIST) || '.';
  const indexFile = path.join(WEB_DIST, 'index.html');
  let index: string | null = null;
  // Built assets have content hashes in their names: browsers may keep them. The build compressed them once (.br and
  // .gz beside each text file of 1 KB or more, web/vite.config.ts); serveStatic sends the copy Accept-Encoding asks
  // for, else the file as it is (H10). Every text asset's answer varies by Accept-Encoding, the uncompressed ones too.
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    const compressible = COMPRESSIBLE_CONTENT_TYPE_REGEX.test(c.res.headers.get('Content-Type') ?? '');
    if (compressible && !/accept-encoding/i.test(c.res.headers.get('Vary') ?? '')) c.res.headers.append('Vary', 'Accept-Encoding');
  });
  app.use('/assets/*', serveStatic({ root, precompressed: true }));
  // A chunk that is not there (an old page asking for a file of the build before a deploy) is a 404, never
  // index.html under the chunk's name, which the browser would keep for a year and run as a script.
  app.get('/assets/*', (c) => c.text('Not found', 404));
  app.get('/favicon.svg', serveStatic({ root }));
  app.get('*', (c) => {
    index ??= fs.existsSync(indexFile) ? fs.readFileSync(indexFile, 'utf8') : null;
    if (index === null) return c.text('Web app not built: run `npm run build`.', 503);
    return c.html(index);
  });
}

export type AppType = ReturnType<typeof createApp>;
