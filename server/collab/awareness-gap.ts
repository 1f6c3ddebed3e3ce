/**
 * W4: a connection's awareness goes out at most once per AWARENESS_GAP_MS.
 * Within the gap only the latest state of each of its client ids is kept (a
 * state is whole, so nothing is lost) and sent when the gap ends, or at once
 * when the connection leaves: a cursor dragged at 60 Hz costs the others 20
 * frames a second, not 60, and a burst still ends with the latest state.
 */
import type { AwarenessEntry } from './awareness.js';

/** Shortest time between two awareness relays of one connection. */
export const AWARENESS_GAP_MS = 50;

interface Gap {
  sentAt: number;
  held: Map<number, AwarenessEntry> | null;
  timer: NodeJS.Timeout | null;
}

export class AwarenessGap<C> {
  private readonly gaps = new Map<C, Gap>();

  /** `send` relays entries of `from` to everyone else. */
  constructor(private readonly send: (from: C, entries: AwarenessEntry[]) => void) {}

  relay(from: C, entries: AwarenessEntry[]): void {
    const now = performance.now();
    let gap = this.gaps.get(from);
    if (!gap) this.gaps.set(from, (gap = { sentAt: -Infinity, held: null, timer: null }));
    if (!gap.held && now - gap.sentAt >= AWARENESS_GAP_MS) {
      gap.sentAt = now;
      this.send(from, entries);
      return;
    }
    gap.held ??= new Map();
    for (const e of entries) gap.held.set(e[0], e);
    const g = gap;
    g.timer ??= setTimeout(() => {
      g.timer = null;
      const held = g.held;
      g.held = null;
      if (!held || this.gaps.get(from) !== g) return;
      g.sentAt = performance.now();
      this.send(from, [...held.values()]);
    }, AWARENESS_GAP_MS - (now - g.sentAt));
  }

  /** The connection left: what it sent last still goes out (a client says goodbye with a null state, often right after a change). */
  leave(from: C): void {
    const gap = this.gaps.get(from);
    this.gaps.delete(from);
    if (gap?.timer) clearTimeout(gap.timer);
    if (gap?.held) this.send(from, [...gap.held.values()]);
  }

  /** The room is gone: no timer stays behind. */
  clear(): void {
    for (const gap of this.gaps.values()) if (gap.timer) clearTimeout(gap.timer);
    this.gaps.clear();
  }
}
