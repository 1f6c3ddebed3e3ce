/**
 * Matches receipts to sends: every sent update is keyed by its Yjs id
 * (client:clock, as a number: codec.ts) with its send time and how many
 * peers should receive it. Awareness updates are keyed separately.
 */
import { Histogram } from './histogram.js';

interface Sent {
  t: number;
  remaining: number;
  /** Index of the server instance the sender is connected to (two-instance run). */
  inst: number;
}

export class Tracker {
  updates = new Histogram();
  awareness = new Histogram();
  /** Two-instance run: receipts on the sender's instance vs on the other instance (via Redis). */
  same = new Histogram();
  cross = new Histogram();
  expectedCross = 0;
  deliveredCross = 0;
  expected = 0;
  delivered = 0;
  keystrokes = 0;
  awarenessSent = 0;
  measuring = false;
  private readonly sent = new Map<number, Sent>();
  private readonly sentAwareness = new Map<number, Sent>();

  /**
   * Called when a client sends an update; `peers` is how many others are in its room now,
   * `crossPeers` how many of them are on another server instance, `inst` the sender's instance.
   */
  onSend(key: number | null, peers: number, crossPeers = 0, inst = 0): void {
    if (!this.measuring || key === null) return;
    this.keystrokes++;
    this.expected += peers;
    this.expectedCross += crossPeers;
    if (peers > 0) this.sent.set(key, { t: performance.now(), remaining: peers, inst });
  }

  onSendAwareness(key: number | null, peers: number, inst = 0): void {
    if (!this.measuring || key === null) return;
    this.awarenessSent++;
    if (peers > 0) this.sentAwareness.set(key, { t: performance.now(), remaining: peers, inst });
  }

  onReceive(key: number | null, inst = 0): void {
    if (key === null) return;
    const s = this.sent.get(key);
    if (!s) return;
    const ms = performance.now() - s.t;
    this.updates.record(ms);
    this.delivered++;
    if (inst === s.inst) this.same.record(ms);
    else {
      this.cross.record(ms);
      this.deliveredCross++;
    }
    if (--s.remaining === 0) this.sent.delete(key);
  }

  onReceiveAwareness(key: number | null): void {
    if (key === null) return;
    const s = this.sentAwareness.get(key);
    if (!s) return;
    this.awareness.record(performance.now() - s.t);
    if (--s.remaining === 0) this.sentAwareness.delete(key);
  }

  reset(): void {
    this.updates = new Histogram();
    this.awareness = new Histogram();
    this.same = new Histogram();
    this.cross = new Histogram();
    this.expectedCross = this.deliveredCross = 0;
    this.expected = this.delivered = this.keystrokes = this.awarenessSent = 0;
    this.sent.clear();
    this.sentAwareness.clear();
  }

  /** Sends still waiting for at least one receipt. */
  get outstanding(): number {
    return this.sent.size + this.sentAwareness.size;
  }
}
