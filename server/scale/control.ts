/**
 * The control channel `<prefix>:control` shared by every instance
 * (docs/SPEC.md, SO2): access revocations (logout, logout-all, disabled user,
 * membership change), and the instances' liveness: `alive` every few seconds,
 * `bye` at shutdown, `resync` when an instance's link returns after it could
 * not publish. JSON messages, each carrying the sender's instance id so that
 * an instance ignores its own. Ids and codes only (G1).
 */
import type { Revocation } from '../auth/live-connections.js';
import { log } from '../observability/log.js';
import type { RedisLink } from './redis.js';

type Signal = { op: 'alive' } | { op: 'bye' } | { op: 'resync' };
export type ControlMessage = (Revocation | Signal) & { i: string };

export interface ControlHandlers {
  revocation(r: Revocation): void;
  /** Any message from another instance proves it alive. */
  heard(instanceId: string): void;
  bye(instanceId: string): void;
  resync(instanceId: string): void;
}

export class ControlChannel {
  readonly channel: string;
  private handler: ((message: Buffer) => void) | null = null;

  constructor(
    private readonly link: RedisLink,
    prefix: string,
  ) {
    this.channel = `${prefix}:control`;
  }

  start(handlers: ControlHandlers): Promise<void> {
    this.handler = (raw) => {
      let m: ControlMessage;
      try {
        m = JSON.parse(raw.toString('utf8')) as ControlMessage;
      } catch {
        log.warn('redis_control_invalid');
        return;
      }
      if (!m || typeof m.i !== 'string' || m.i === this.link.instanceId) return;
      handlers.heard(m.i);
      switch (m.op) {
        case 'closeSession':
        case 'closeUser':
        case 'revokeForum':
          handlers.revocation(stripSender(m));
          break;
        case 'bye':
          handlers.bye(m.i);
          break;
        case 'resync':
          handlers.resync(m.i);
          break;
        case 'alive':
          break;
      }
    };
    return this.link.subscribe(this.channel, this.handler);
  }

  send(message: Revocation | Signal): boolean {
    return this.link.publish(this.channel, JSON.stringify({ ...message, i: this.link.instanceId }));
  }

  stop(): void {
    if (this.handler) this.link.unsubscribe(this.channel, this.handler);
    this.handler = null;
  }
}

function stripSender(m: ControlMessage): Revocation {
  const { i: _sender, ...rest } = m;
  return rest as Revocation;
}
