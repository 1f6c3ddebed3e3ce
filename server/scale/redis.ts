/**
 * The Redis connection of one instance for cross-instance fan-out
 * (docs/SPEC.md, SO1-SO4): one publishing and one subscribing client, the
 * channels this instance listens to (reference-counted, restored after a
 * reconnect), and the link state. Redis carries only transient messages;
 * PostgreSQL stays the source of truth.
 *
 * A fault is logged once per outage (`redis_down` / `redis_unavailable`), and
 * its end once (`redis_up`). Listeners hear `up` once every channel is
 * subscribed again, and `down` when the link breaks.
 */
import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis, type RedisOptions } from 'ioredis';
import { log } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';

export type MessageHandler = (message: Buffer) => void;

/** Reconnect quickly (at most a second between attempts): an outage ends as soon as Redis is back. */
const retryStrategy = (times: number) => Math.min(100 * times, 1000);
const SUBSCRIBE_TIMEOUT_MS = 2000;

export function redisOptions(extra: RedisOptions = {}): RedisOptions {
  return { retryStrategy, connectTimeout: 2000, enableReadyCheck: true, ...extra };
}

export class RedisLink extends EventEmitter<{ up: []; down: [] }> {
  /** Distinguishes this process's publications from everyone else's. */
  readonly instanceId = crypto.randomBytes(8).toString('hex');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private up = false;
  private outageLogged = false;
  private downSince = Date.now();
  private lastError = '';
  private restoring = false;
  private closed = false;

  constructor(
    readonly url: string,
    private readonly metrics: Metrics,
  ) {
    super();
    // Fail fast while disconnected: what is missed meanwhile is caught up from PostgreSQL.
    const opts = redisOptions({ enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResubscribe: false });
    this.pub = new Redis(url, { ...opts, connectionName: `samraad-pub-${this.instanceId}` });
    this.sub = new Redis(url, { ...opts, connectionName: `samraad-sub-${this.instanceId}` });
    for (const client of [this.pub, this.sub]) {
      client.on('error', (err: Error) => {
        this.lastError = err.message;
        this.check();
      });
      client.on('ready', () => this.check());
      client.on('close', () => this.check());
      client.on('end', () => this.check());
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const set = this.handlers.get(channel.toString());
      if (!set) return;
      for (const handler of [...set]) {
        try {
          handler(message);
        } catch (err) {
          log.error('redis_message_failed', { err: (err as Error).message });
        }
      }
    });
    metrics.gauges.redisConnected = () => (this.up ? 1 : 0);
  }

  get isUp(): boolean {
    return this.up;
  }

  /**
   * Listens to a channel. Resolves once Redis confirmed the subscription, or
   * at once while Redis is down (the channel is subscribed when it returns).
   */
  async subscribe(channel: string, handler: MessageHandler): Promise<void> {
    let set = this.handlers.get(channel);
    const first = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(handler);
    if (first && this.sub.status === 'ready') {
      try {
        await withTimeout(this.sub.subscribe(channel), SUBSCRIBE_TIMEOUT_MS);
      } catch {
        // The link is failing; the channel is subscribed again when it is restored.
      }
    }
  }

  /** Stops listening; the channel is unsubscribed when its last handler leaves. */
  unsubscribe(channel: string, handler: MessageHandler): void {
    const set = this.handlers.get(channel);
    if (!set?.delete(handler) || set.size > 0) return;
    this.handlers.delete(channel);
    if (this.sub.status === 'ready') this.sub.unsubscribe(channel).catch(() => {});
  }

  /** Publishes if the link is up; returns false when the message could not be sent. */
  publish(channel: string, message: Buffer | string): boolean {
    if (!this.up || this.pub.status !== 'ready') return false;
    this.pub.publish(channel, message).catch(() => {
      // The connection broke under this message: the outage and its catch-up follow.
    });
    return true;
  }

  /** Channels with at least one listener (tests check that nothing is left behind). */
  get channelCount(): number {
    return this.handlers.size;
  }

  private check(): void {
    if (this.closed) return;
    const ready = this.pub.status === 'ready' && this.sub.status === 'ready';
    if (!ready) {
      this.markDown();
      return;
    }
    if (this.up || this.restoring) return;
    this.restoring = true;
    const channels = [...this.handlers.keys()];
    const restored = channels.length ? withTimeout(this.sub.subscribe(...channels), SUBSCRIBE_TIMEOUT_MS) : Promise.resolve();
    restored.then(
      () => {
        this.restoring = false;
        if (this.pub.status === 'ready' && this.sub.status === 'ready') this.markUp();
        else this.markDown();
      },
      (err: Error) => {
        this.restoring = false;
        this.lastError = err.message;
        this.markDown();
        // A connection that cannot subscribe is no use: start it afresh.
        if (!this.closed) this.sub.disconnect(true);
      },
    );
  }

  private markUp(): void {
    if (this.up || this.closed) return;
    this.up = true;
    if (this.outageLogged) log.info('redis_up', { downMs: Date.now() - this.downSince });
    else log.info('redis_connected', { instance: this.instanceId });
    this.outageLogged = false;
    this.emit('up');
  }

  private markDown(): void {
    if (this.closed) return;
    if (this.up) {
      this.up = false;
      this.downSince = Date.now();
      this.metrics.redisOutagesTotal++;
      this.outageLogged = true;
      log.error('redis_down', { err: this.lastError || 'connection closed' });
      this.emit('down');
    } else if (!this.outageLogged && this.lastError) {
      // Never connected since start (or since the last outage ended and a new one began before 'up').
      this.outageLogged = true;
      this.metrics.redisOutagesTotal++;
      log.error('redis_unavailable', { err: this.lastError });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    this.handlers.clear();
    await Promise.all([quit(this.pub), quit(this.sub)]);
  }
}

/** Ends a client: politely when connected, at once otherwise. */
export async function quit(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await withTimeout(client.quit(), 1000);
      return;
    } catch {
      // fall through
    }
  }
  client.disconnect();
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis command timed out')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
