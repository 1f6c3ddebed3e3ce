/** What every request handler can rely on, and the services it may use. */
import type { LiveConnections } from '../auth/live-connections.js';
import type { AuthenticatedSession, SessionStore } from '../auth/sessions.js';
import type { LoginThrottle } from '../auth/throttle.js';
import type { Config } from '../config.js';
import type { RoomManager } from '../collab/manager.js';
import type { Database } from '../db/client.js';
import type { Metrics } from '../observability/metrics.js';
import type { Actor } from '../policy/policy.js';
import type { RealtimeHub } from '../realtime/hub.js';

export interface Services {
  config: Config;
  db: Database;
  sessions: SessionStore;
  live: LiveConnections;
  metrics: Metrics;
  throttle: LoginThrottle;
  hub: RealtimeHub;
  /** The loaded collaboration documents (closing a case makes its open sockets read-only). */
  collab: Pick<RoomManager, 'lockDocuments'>;
  allowedOrigins: () => ReadonlySet<string>;
  /** The origin users open (`publicOriginOf`: PUBLIC_ORIGIN or http://localhost:PORT), for links the server hands out. */
  publicOrigin: () => string;
  /** True when users reach the server over https (sets Secure cookies, HSTS). */
  secure: () => boolean;
}

export interface AppEnv {
  Variables: {
    services: Services;
    session: AuthenticatedSession | null;
    actor: Actor | null;
  };
}
