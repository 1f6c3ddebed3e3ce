/**
 * Matches receipts to sends: every sent update is keyed by its Yjs id
 * (client:clock) with its send time and how many peers should receive it.
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
  private readonly sent = new Map<string, Sent>();

  /**
   * Called when a client sends; `peers` is how many others are in its room now,
   * `crossPeers` how many of them are on another server instance, `inst` the sender's instance.
   */
  onSend(key: string | null, peers: number, crossPeers = 0, inst = 0): void {
    if (!this.measuring || key === null) return;
    const isAwareness = key.charCodeAt(0) === 97; // 'a'
    if (isAwareness) this.awarenessSent++;
    else {
      this.keystrokes++;
      this.expected += peers;
      this.expectedCross += crossPeers;
    }
    if (peers > 0) this.sent.set(key, { t: performance.now(), remaining: peers, inst });
  }

  onReceive(key: string | null, inst = 0): void {
    if (key === null) return;
    const s = this.sent.get(key);
    if (!s) return;
    const ms = performance.now() - s.t;
    if (key.charCodeAt(0) === 97) this.awareness.record(ms);
    else {
      this.updates.record(ms);
      this.delivered++;
      if (inst === s.inst) this.same.record(ms);
      else {
        this.cross.record(ms);
        this.deliveredCross++;
      }
    }
    if (--s.remaining === 0) this.sent.delete(key);
  }

  reset(): void {
    this.updates = new Histogram();
    this.awareness = new Histogram();
    this.same = new Histogram();
    this.cross = new Histogram();
    this.expectedCross = this.deliveredCross = 0;
    this.expected = this.delivered = this.keystrokes = this.awarenessSent = 0;
    this.sent.clear();
  }

  /** Sends still waiting for at least one receipt. */
  get outstanding(): number {
    return this.sent.size;
  }
}
