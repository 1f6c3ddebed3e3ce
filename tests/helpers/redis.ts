/**
 * A throw-away Redis of a test's own (redis-server, or REDIS_SERVER), for tests that must stop and restart it
 * to see the instances ride out an outage (SO4, SO7). No persistence: a restart is an empty Redis, as after a
 * real failover.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** A port nothing listens on now, so that a Redis can be started (and restarted) on it. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

/** Starts a Redis on `port` and resolves once it answers PING (within 10 s). */
export function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`cannot start ${REDIS_SERVER}: ${err.message}`)));
    const deadline = Date.now() + 10_000;
    const poll = async () => {
      const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        resolve(child);
      } catch (err) {
        probe.disconnect();
        if (Date.now() > deadline) reject(err);
        else setTimeout(poll, 50);
      }
    };
    void poll();
  });
}

/** Kills the Redis at once (an outage, not a shutdown) and waits until it has exited; none, or gone, is fine. */
export async function killRedis(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
