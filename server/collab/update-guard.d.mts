/** Types of update-guard.mjs (plain JavaScript so the compaction worker can load it without a loader). */
export declare const UPDATE_LIMITS: Readonly<{ maxClients: number; maxStructs: number; maxDeleteRanges: number; maxValueDepth: number }>;
export declare const MAX_CLOCK: number;

export type Inspection =
  | { ok: true; advances: Map<number, number>; structs: number; deleteRanges: number }
  | { ok: false; kind: 'malformed' | 'too_large' | 'missing'; reason: string };

export function inspectUpdate(update: Uint8Array, stateOf: (client: number) => number, limits?: typeof UPDATE_LIMITS): Inspection;

export interface Sanitized {
  update: Uint8Array | null;
  advances: Map<number, number>;
  droppedStructs: number;
  droppedDeletes: number;
  unreadable: boolean;
}
export function raiseClocks(clocks: Map<number, number>, advances: Map<number, number>): void;

export function sanitizeUpdate(update: Uint8Array, stateOf: (client: number) => number): Sanitized;

export function sanitizeAll(updates: Uint8Array[]): {
  updates: Uint8Array[];
  state: Map<number, number>;
  droppedStructs: number;
  droppedDeletes: number;
  unreadable: number;
  /** Indices of the updates that did not integrate completely (compaction keeps them in the log). */
  incomplete: number[];
};
