/**
 * The awareness states of other instances' clients in one room (docs/SPEC.md,
 * SO1): one owner per sending instance, whose `user` is null because that
 * instance has already set each state's identity (W1). They are kept so that
 * late local joiners see remote cursors, and go when their instance says so,
 * goes silent or the link to Redis breaks.
 */
import { log } from '../observability/log.js';
import type { AwarenessOwner, RoomAwareness } from './awareness.js';

export class RemoteAwareness {
  private readonly owners = new Map<string, AwarenessOwner>();

  constructor(
    private readonly awareness: RoomAwareness,
    private readonly documentId: string,
  ) {}

  /** Applies states from `instanceId`; returns the update to relay to local clients, if any. */
  apply(instanceId: string, update: Uint8Array): Uint8Array | null {
    let owner = this.owners.get(instanceId);
    if (!owner) this.owners.set(instanceId, (owner = { user: null, clientIds: new Set() }));
    let relay: Uint8Array | null;
    try {
      relay = this.awareness.apply(owner, update);
    } catch {
      log.warn('collab_remote_awareness_invalid', { doc: this.documentId });
      relay = null;
    }
    if (owner.clientIds.size === 0) this.owners.delete(instanceId);
    return relay;
  }

  /** Removes the states of one instance (or of every other instance); returns the updates telling local clients. */
  drop(instanceId: string | null): Uint8Array[] {
    const gone: Uint8Array[] = [];
    for (const [id, owner] of [...this.owners]) {
      if (instanceId !== null && id !== instanceId) continue;
      this.owners.delete(id);
      const update = this.awareness.removeOwner(owner);
      if (update) gone.push(update);
    }
    return gone;
  }
}
