/** What the merge left out because it could not integrate (P9). */
export interface Dropped {
  droppedStructs: number;
  droppedDeletes: number;
  unreadable: number;
  /** Indices of the updates that did not integrate completely: keep them (what they miss may still come). */
  incomplete: number[];
}
/** Applies every update that integrates to a fresh Y.Doc in one transaction and returns its encoded state. */
export function mergeToState(updates: Uint8Array[]): { state: Uint8Array } & Dropped;
/** The workerData role of the merge thread (it lowers its own priority; merger.ts). */
export const MERGE_ROLE: string;
/** A compaction's updates: the snapshot (or none), then the log packed as (4-byte big-endian length, bytes)... */
export function unpackUpdates(first: Uint8Array | null, packed: Uint8Array): Uint8Array[];
