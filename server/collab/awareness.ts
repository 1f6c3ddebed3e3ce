/**
 * The awareness states of one room (cursors, selections, who is here), kept by
 * the server so that it owns identity (docs/SPEC.md, W1-W3): every state it
 * accepts gets the `user` field of the connection that sent it, and a
 * connection cannot write states under another connection's client id.
 * No timers: states leave with their connection.
 *
 * With several instances (SO1) a room also keeps the states of other
 * instances' clients, under one owner per instance whose `user` is null: the
 * instance that accepted them has already set their identity (W1), and they
 * leave when that instance says so, unloads the document, stops or goes silent.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { AwarenessUser } from '../../shared/protocol.js';
import { MalformedMessage } from './protocol.js';

export interface AwarenessOwner {
  /** The identity written into every state; null for another instance (its states already carry one). */
  readonly user: AwarenessUser | null;
  readonly clientIds: Set<number>;
}

/** One client's state as relayed: client id, clock, state as JSON ("null" when it went away). */
export type AwarenessEntry = [clientId: number, clock: number, json: string];

interface Entry {
  clock: number;
  json: string; // "null" when the client went away
  owner: AwarenessOwner;
}

export class RoomAwareness {
  private readonly entries = new Map<number, Entry>();
  /**
   * W2: the user who first announced each client id here. It stays theirs
   * after their connection ends (for as long as the room is loaded), so
   * another member cannot take over a departed colleague's cursor identity;
   * the same user reconnecting with the same client id gets it back.
   */
  private readonly claims = new Map<number, string>();

  /** `boundTo`: the writer a client id is bound to in the document (P10); its cursor is theirs too. */
  constructor(private readonly boundTo: (clientId: number) => string | undefined = () => undefined) {}

  /** The user who announced a client id here (W2), if anyone did. */
  claimantOf(clientId: number): string | undefined {
    return this.claims.get(clientId);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Applies an awareness update from `owner` and returns the update to relay
   * (with identities corrected), or null when nothing was accepted.
   */
  apply(owner: AwarenessOwner, update: Uint8Array): Uint8Array | null {
    const accepted = this.applyEntries(owner, update);
    return accepted.length ? encodeEntries(accepted) : null;
  }

  /** `apply`, returning the accepted entries (client id, clock, state JSON) instead of their encoding. */
  applyEntries(owner: AwarenessOwner, update: Uint8Array): AwarenessEntry[] {
    const accepted: AwarenessEntry[] = [];
    try {
      const decoder = decoding.createDecoder(update);
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) {
        const clientId = decoding.readVarUint(decoder);
        const clock = decoding.readVarUint(decoder);
        const state: unknown = JSON.parse(decoding.readVarString(decoder));
        const current = this.entries.get(clientId);
        if (current && current.owner !== owner) continue; // W2: someone else's client id
        if (owner.user !== null) {
          const claimedBy = this.claims.get(clientId) ?? this.boundTo(clientId);
          if (claimedBy !== undefined && claimedBy !== owner.user.id) continue; // W2: a departed colleague's, or another writer's (P10)
          this.claims.set(clientId, owner.user.id);
        }
        if (current && !(current.clock < clock || (current.clock === clock && state === null))) continue; // stale
        if (state === null) {
          this.entries.delete(clientId);
          owner.clientIds.delete(clientId);
          accepted.push([clientId, clock, 'null']);
          continue;
        }
        // W1 (another instance's states were corrected there and are kept as they are).
        const corrected = owner.user === null ? (isObject(state) ? state : {}) : { ...(isObject(state) ? state : {}), user: owner.user };
        const json = JSON.stringify(corrected);
        this.entries.set(clientId, { clock, json, owner });
        owner.clientIds.add(clientId);
        accepted.push([clientId, clock, json]);
      }
    } catch {
      throw new MalformedMessage('invalid awareness update');
    }
    return accepted;
  }

  /** Removes everything `owner` announced; returns the update telling the others. */
  removeOwner(owner: AwarenessOwner): Uint8Array | null {
    const removed: AwarenessEntry[] = [];
    for (const clientId of owner.clientIds) {
      const entry = this.entries.get(clientId);
      if (!entry || entry.owner !== owner) continue;
      this.entries.delete(clientId);
      removed.push([clientId, entry.clock + 1, 'null']);
    }
    owner.clientIds.clear();
    return removed.length ? encodeEntries(removed) : null;
  }

  /** Every current state (or those whose owner passes `filter`), for a newly connected client or a query. */
  encodeAll(filter?: (owner: AwarenessOwner) => boolean): Uint8Array | null {
    if (this.entries.size === 0) return null;
    const entries = [...this.entries].filter(([, e]) => !filter || filter(e.owner));
    if (entries.length === 0) return null;
    return encodeEntries(entries.map(([id, e]): AwarenessEntry => [id, e.clock, e.json]));
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function encodeEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientId, clock, json] of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}
