/**
 * What the collaboration rooms see of scale-out (docs/SPEC.md, SO1-SO4): a
 * channel per loaded document to the other instances. Without REDIS_URL the
 * no-op implementation is used and a single instance behaves as before.
 */
import type { ClientClaim } from '../collab/store.js';

/** One loaded document's link to the other instances. */
export interface DocChannel {
  /** An update this instance has committed (call only after the commit, when it is broadcast locally). */
  publishUpdate(update: Uint8Array): void;
  /** An awareness update accepted from a local client (identity already set by the server). */
  publishAwareness(update: Uint8Array): void;
  /** Client ids this instance has just bound (call after the commit, before publishing its update). */
  publishBindings(bindings: readonly ClientClaim[]): void;
  /** The room unloads: stop listening and tell the others our cursors are gone. */
  leave(): void;
}

/** What a loaded room offers to the fan-out. */
export interface RemoteDocListener {
  /** An update another instance committed: apply and relay to local clients, never store again. */
  applyRemoteUpdate(update: Uint8Array): void;
  /** Client ids another instance has bound to their writers (P10). */
  applyRemoteBindings(bindings: readonly ClientClaim[]): void;
  /** Awareness from clients of another instance. */
  applyRemoteAwareness(instanceId: string, update: Uint8Array): void;
  /** Forget the awareness states of one instance (null: of every other instance). */
  dropRemoteAwareness(instanceId: string | null): void;
  /** The states of this instance's own clients (answer to another instance's query). */
  encodeLocalAwareness(): Uint8Array | null;
  /** The document became read-only on another instance's word (its case was closed). */
  lock(): void;
  /** Re-read the committed state from PostgreSQL and relay what was missing to local clients. */
  catchUp(): Promise<void>;
}

export interface Fanout {
  /** Tells every other instance that has the document loaded that it is read-only now (a closed case). */
  lockDocument(documentId: string): void;
  /**
   * Subscribes to the document's channel. Resolves once the subscription
   * is confirmed (or at once while Redis is down), so that a room that reads
   * PostgreSQL afterwards misses nothing committed elsewhere in between.
   */
  joinDoc(documentId: string, listener: RemoteDocListener): Promise<DocChannel>;
}

export const NO_CHANNEL: DocChannel = {
  publishUpdate() {},
  publishAwareness() {},
  publishBindings() {},
  leave() {},
};

export const NOOP_FANOUT: Fanout = {
  lockDocument() {},
  joinDoc: async () => NO_CHANNEL,
};
