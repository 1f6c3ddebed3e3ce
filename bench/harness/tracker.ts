/**
 * Matches receipts to sends: every sent update is keyed by its Yjs id
 * (client:clock) with its send time and how many peers should receive it.
 */
import { Histogram } from './histogram.js';

interface Sent {
  t: number;
  remaining: number;
}

export class Tracker {
  updates = new Histogram();
  awareness = new Histogram();
  expected = 0;
  delivered = 0;
  keystrokes = 0;
  awarenessSent = 0;
  measuring = false;
  private readonly sent = new Map<string, Sent>();

  /** Called when a client sends; `peers` is how many others are in its room now. */
  onSend(key: string | null, peers: number): void {
    if (!this.measuring || key === null) return;
    const isAwareness = key.charCodeAt(0) === 97; // 'a'
    if (isAwareness) this.awarenessSent++;
    else {
      this.keystrokes++;
      this.expected += peers;
    }
    if (peers > 0) this.sent.set(key, { t: performance.now(), remaining: peers });
  }

  onReceive(key: string | null): void {
    if (key === null) return;
    const s = this.sent.get(key);
    if (!s) return;
    const ms = performance.now() - s.t;
    if (key.charCodeAt(0) === 97) this.awareness.record(ms);
    else {
      this.updates.record(ms);
      this.delivered++;
    }
    if (--s.remaining === 0) this.sent.delete(key);
  }

  reset(): void {
    this.updates = new Histogram();
    this.awareness = new Histogram();
    this.expected = this.delivered = this.keystrokes = this.awarenessSent = 0;
    this.sent.clear();
  }

  /** Sends still waiting for at least one receipt. */
  get outstanding(): number {
    return this.sent.size;
  }
}
