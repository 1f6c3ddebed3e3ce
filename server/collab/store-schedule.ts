/**
 * When one room's log is merged into its snapshot (docs/SPEC.md, D3-D4): after
 * `compactAfter` log rows (plus up to 50 % jitter, so rooms that started
 * together do not all compact in the same moment), and for documents with a
 * relational mirror (cases) also once edits pause, so dashboards lag the live
 * document by seconds, not until it unloads. One compaction at a time per room.
 */
import { log } from '../observability/log.js';
import type { UpdateStore } from './store.js';

/** For mirrored documents: store once edits pause for `quietMs`, and at least every `maxMs` while they go on. */
export interface StorePolicy {
  quietMs: number;
  maxMs: number;
}

export class StoreSchedule {
  /** Log rows written since the last compaction (including rows found at load). */
  logRows = 0;
  compacting: Promise<void> | null = null;
  private readonly threshold: number;
  private timer: NodeJS.Timeout | null = null;
  private firstUnstoredAt = 0;

  constructor(
    private readonly store: UpdateStore,
    private readonly documentId: string,
    compactAfter: number,
    private readonly policy: StorePolicy | null,
    private readonly hooks: {
      /** Just before the compaction reads the log: what was committed until now is in its merge. */
      beforeRead(): void;
      /** After a compaction that merged anything: the snapshot's size, and the merged state when it holds all it read. */
      compacted(bytes: number, state: Uint8Array | null): void;
    },
  ) {
    this.threshold = Math.round(compactAfter * (1 + Math.random() * 0.5));
  }

  /** One more row is in the log. */
  committed(): void {
    this.logRows++;
    if (this.logRows >= this.threshold) void this.compact();
    else if (this.policy) this.scheduleQuiet(this.policy);
  }

  /** Merges the log into the snapshot (and mirror, if any); joins a compaction already running. */
  compact(): Promise<void> {
    this.cancelTimer();
    this.compacting ??= this.store
      .compact(this.documentId, () => this.hooks.beforeRead())
      .then(({ rows, bytes, state }) => {
        this.logRows = Math.max(0, this.logRows - rows);
        if (rows > 0) this.hooks.compacted(bytes, state);
      })
      .catch((err) => log.error('collab_compaction_failed', { doc: this.documentId, err: (err as Error).message }))
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  stop(): void {
    this.cancelTimer();
  }

  private scheduleQuiet(policy: StorePolicy): void {
    const now = Date.now();
    if (!this.timer) this.firstUnstoredAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(policy.quietMs, this.firstUnstoredAt + policy.maxMs - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.compact();
    }, wait);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
