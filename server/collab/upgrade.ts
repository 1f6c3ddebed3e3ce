/**
 * GET /collab/:docName: decides, before the websocket upgrade completes,
 * whether the caller may open the document (docs/SPEC.md, S3-S6). A refused
 * caller gets a plain 4xx HTTP answer and never a byte of the document.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type pg from 'pg';
import { WebSocketServer } from 'ws';
import { SECTOR_COLOURS } from '../../shared/domain.js';
import { LIMITS } from '../../shared/limits.js';
import { docNameSchema } from '../../shared/schemas/auth.js';
import { audit } from '../audit/audit.js';
import { NO_SESSION_REASON, handshakeCredential } from '../auth/handshake.js';
import type { LiveConnections } from '../auth/live-connections.js';
import { credentialHashes, type SessionStore } from '../auth/sessions.js';
import type { Db } from '../db/client.js';
import { type ProxyTrust } from '../http/proxy.js';
import { log } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { can, type Actor } from '../policy/policy.js';
import { loadUpgradeAccess } from './access.js';
import { CollabConnection } from './connection.js';
import type { RoomManager } from './manager.js';

export const COLLAB_PREFIX = '/collab/';

export interface CollabUpgradeDeps {
  db: Db;
  pool: pg.Pool;
  sessions: SessionStore;
  rooms: RoomManager;
  live: LiveConnections;
  metrics: Metrics;
  allowedOrigins: () => ReadonlySet<string>;
  sessionIdleMinutes: number;
  /** TRUSTED_PROXIES: whose X-Forwarded-For gives the client's address for the audit log (H7). */
  proxies?: ProxyTrust;
}

export function createCollabUpgrade(deps: CollabUpgradeDeps) {
  // ws enforces a hard frame cap of twice our limit (close 1009); frames
  // between the two get our own documented TOO_LARGE close.
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxMessageBytes * 2, perMessageDeflate: false });

  // Set when the server begins to shut down: a client that reconnects meanwhile is told to come back later.
  let closing = false;

  async function handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => {});
    if (closing) return refuse(socket, 503, 'shutting_down');
    const url = new URL(req.url ?? '/', 'http://local');
    const docName = decodePathSegment(url.pathname.slice(COLLAB_PREFIX.length));
    if (docName === null || !docNameSchema.safeParse(docName).success) return refuse(socket, 400, 'bad_doc_name');

    const found = handshakeCredential(deps.allowedOrigins(), {
      origin: req.headers.origin,
      cookieHeader: req.headers.cookie,
      token: url.searchParams.get('token') ?? undefined,
    });
    if (!found.ok) return refuse(socket, found.status, found.reason);
    const noSession = NO_SESSION_REASON[found.credential.kind];
    const hashes = credentialHashes(found.credential);
    if (!hashes) return refuse(socket, 401, noSession);

    // One round trip: the session and the document with everything the policy needs (access.ts).
    const { session: row, userActive, access } = await loadUpgradeAccess(deps.pool, docName, hashes, deps.sessionIdleMinutes);
    const session = await deps.sessions.settle(row ?? undefined);
    if (!session) return refuse(socket, 401, noSession);
    if (!userActive) return refuse(socket, 401, 'no_user');
    if (!access) return refuse(socket, 404, 'no_document', session.userId);
    const { actor, kase } = access as typeof access & { actor: Actor };
    const resource = { forumId: access.forumId, isCase: kase !== null, healthOnly: access.healthOnly };
    const address = deps.proxies ? deps.proxies.clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']) : (req.socket.remoteAddress ?? null);
    if (!can(actor, 'document:read', resource)) {
      if (kase) await audit(deps.db, { userId: actor.userId, action: 'DENIED', caseId: kase.id, caseReference: kase.reference, criterion: 'case-document', address });
      return refuse(socket, 403, 'not_member', session.userId);
    }
    // AU1: opening a case document counts as a read.
    if (kase) await audit(deps.db, { userId: actor.userId, action: 'READ', caseId: kase.id, caseReference: kase.reference, purpose: access.healthOnly ? 'health-notes' : 'case-document', address });
    const membership = actor.memberships.get(access.forumId)!;
    const identity = {
      forumId: access.forumId,
      sessionId: session.sessionId,
      userId: actor.userId,
      sector: membership.sector,
      canWrite: can(actor, 'document:write', resource) && !access.closed,
      user: { id: actor.userId, name: actor.name, sector: membership.sector, colour: SECTOR_COLOURS[membership.sector] },
    };
    if (socket.destroyed) return;
    if (closing) return refuse(socket, 503, 'shutting_down', session.userId);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new CollabConnection(ws, identity, (code) => deps.metrics.closed(code));
      const unregister = deps.live.add(identity.sessionId, identity.userId, conn);
      ws.once('close', unregister);
      // Case documents have a relational mirror (the health-only notes do not).
      void deps.rooms.connect(access.documentId, conn, kase !== null && !access.healthOnly);
    });
  }

  return {
    handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      handle(req, socket, head).catch((err) => {
        log.error('collab_upgrade_failed', { err: (err as Error).message });
        refuse(socket, 500, 'internal');
      });
    },
    /** Refuses every later upgrade (503); connections already open are closed by the room manager. */
    close(): void {
      closing = true;
      wss.close();
    },
  };
}

/** A %-encoded path segment, or null when its encoding is malformed (400, not a 500 from URIError). */
function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function refuse(socket: Duplex, status: number, reason: string, userId?: string): void {
  log.warn('ws_upgrade_refused', { status, reason, user: userId });
  if (socket.destroyed) return;
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
