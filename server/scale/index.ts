/**
 * Scale-out over Redis (docs/SPEC.md, SO1-SO4), or nothing at all: without
 * REDIS_URL a single instance runs as before, with no Redis connection.
 *
 * With REDIS_URL: documents fan out per channel (doc-fanout.ts), revocations
 * and liveness go over the control channel (control.ts), and socket.io gets
 * `@socket.io/redis-adapter` on clients of its own.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { LiveConnections, Revocation } from '../auth/live-connections.js';
import type { Metrics } from '../observability/metrics.js';
import { CatchUpReader } from './catch-up.js';
import { ControlChannel } from './control.js';
import { DEFAULT_DOC_FANOUT, RedisDocFanout, type DocFanoutOptions } from './doc-fanout.js';
import { NOOP_FANOUT, type Fanout } from './fanout.js';
import { RedisLink, quit, redisOptions } from './redis.js';

export type { DocChannel, Fanout, RemoteDocListener } from './fanout.js';

/** What socket.io needs: the adapter, and whether the cluster can be asked right now. */
export interface SocketIoCluster {
  adapter: ReturnType<typeof createAdapter>;
  isUp(): boolean;
  /** Called each time the link to Redis is restored. */
  onUp(listener: () => void): void;
}

export interface ScaleOut {
  readonly enabled: boolean;
  readonly instanceId: string | null;
  fanout: Fanout;
  socketIo: SocketIoCluster | null;
  /** Tells the other instances this one leaves (call after the rooms closed, before socket.io closes). */
  stop(): void;
  /** Ends every Redis connection (call after socket.io closed). */
  close(): Promise<void>;
}

/** At most this many revocations are kept for resending while Redis is down. */
const MAX_PENDING_REVOCATIONS = 1000;
/** How long a starting instance waits for Redis before it serves without it. */
const BOOT_WAIT_MS = 2000;

export async function startScaleOut(
  config: { REDIS_URL?: string; REDIS_PREFIX: string },
  /** `pool`: for the incremental catch-up from PostgreSQL (SO7); without it a catch-up re-reads whole documents. */
  deps: { metrics: Metrics; live: LiveConnections; pool?: pg.Pool },
  opts: DocFanoutOptions = DEFAULT_DOC_FANOUT,
): Promise<ScaleOut> {
  if (!config.REDIS_URL) {
    return { enabled: false, instanceId: null, fanout: NOOP_FANOUT, socketIo: null, stop() {}, async close() {} };
  }
  const prefix = config.REDIS_PREFIX;
  const link = new RedisLink(config.REDIS_URL, deps.metrics);
  const control = new ControlChannel(link, prefix);
  const docs = new RedisDocFanout(link, control, prefix, opts, deps.pool ? new CatchUpReader(deps.pool) : null);

  // Revocations reach the others; one made while Redis is down is sent when it returns.
  const pending: Revocation[] = [];
  deps.live.setRelay((r) => {
    if (!control.send(r) && pending.length < MAX_PENDING_REVOCATIONS) pending.push(r);
  });
  link.on('up', () => {
    while (pending.length && control.send(pending[0]!)) pending.shift();
  });
  await control.start({
    revocation: (r) => deps.live.applyRemote(r),
    heard: (id) => docs.heard(id),
    bye: (id) => docs.instanceGone(id),
    resync: () => docs.catchUpAll(),
  });

  // socket.io's adapter: clients of its own that queue while Redis is away (it resubscribes itself).
  const ioPub = new Redis(config.REDIS_URL, redisOptions({ maxRetriesPerRequest: null }));
  const ioSub = new Redis(config.REDIS_URL, redisOptions({ maxRetriesPerRequest: null }));
  for (const client of [ioPub, ioSub]) {
    client.on('error', () => {}); // the link logs the outage once
    swallowRejections(client);
  }
  const adapter = createAdapter(ioPub, ioSub, { key: `${prefix}:socket.io`, requestsTimeout: 2000 });

  // Start connected when Redis is there; when it is not, start anyway (logged) and catch up when it comes.
  if (!link.isUp) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, BOOT_WAIT_MS);
      link.once('up', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  return {
    enabled: true,
    instanceId: link.instanceId,
    fanout: docs,
    socketIo: {
      adapter,
      isUp: () => link.isUp && ioPub.status === 'ready' && ioSub.status === 'ready',
      onUp: (listener) => link.on('up', listener),
    },
    stop() {
      docs.stop();
      control.stop();
      deps.live.setRelay(null);
    },
    async close() {
      docs.stop();
      await docs.settled();
      await Promise.all([link.close(), quit(ioPub), quit(ioSub)]);
    },
  };
}

/**
 * The adapter fires publish/subscribe calls without handling their promises;
 * one that fails (Redis gone at shutdown) must not become an unhandled rejection.
 */
function swallowRejections(client: Redis): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']) {
    const original = target[name]!.bind(client);
    target[name] = (...args: unknown[]) => {
      const result = original(...args);
      if (result instanceof Promise) result.catch(() => {});
      return result;
    };
  }
}
