/**
 * Who writes under each Yjs client id of one document (docs/SPEC.md, P10).
 *
 * A client id is bound to the user (and sector) whose connection first wrote
 * under it, in the same statement that stores that update (store.ts), and it
 * stays theirs. An update that adds items under an id bound to someone else
 * is refused before the group commit. This map is the room's cache of the
 * DocClient rows: filled at load, by its own commits, by bindings other
 * instances publish and at catch-up; PostgreSQL decides when two instances
 * race for one id.
 */
import type { Sector } from '../../shared/domain.js';
import type { ClientClaim } from './store.js';

interface Binding {
  userId: string;
  sector: Sector;
  /** Claims of this binding sent to the store and not yet answered; 0 once it is committed. */
  unconfirmed: number;
  confirmed: boolean;
}

export interface Writer {
  userId: string;
  sector: Sector;
}

/** Why an update's client ids cannot be its writer's. */
export type ClaimVerdict =
  | { ok: true; claims: ClientClaim[] | null }
  | { ok: false; clientId: number; reason: 'bound_to_other' | 'unbound_content' | 'announced_by_other' };

export class ClientBindings {
  private readonly owners = new Map<number, Binding>();

  /** Committed bindings (from PostgreSQL or another instance). */
  learn(rows: Iterable<ClientClaim>): void {
    for (const row of rows) {
      const known = this.owners.get(row.clientId);
      if (known?.confirmed) continue; // never rebound
      this.owners.set(row.clientId, { userId: row.userId, sector: row.sector, unconfirmed: known?.unconfirmed ?? 0, confirmed: true });
    }
  }

  /** The writer a client id is bound to (committed or claimed in flight), if any. */
  writerOf(clientId: number): Writer | undefined {
    const binding = this.owners.get(clientId);
    return binding ? { userId: binding.userId, sector: binding.sector } : undefined;
  }

  /** A user's sector as bound to any of their client ids here (the latest bound wins). */
  sectorOf(userId: string): Sector | undefined {
    let sector: Sector | undefined;
    for (const binding of this.owners.values()) if (binding.userId === userId) sector = binding.sector;
    return sector;
  }

  /** The user a client id is bound to (committed or claimed in flight), if any. */
  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId)?.userId;
  }

  /**
   * Checks the client ids an update adds items under (the guard's `advances`)
   * for `writer`. Ids already theirs need nothing; a new id is claimed (and
   * counts as theirs at once, so a second connection cannot claim it too).
   * While a claim is unconfirmed every update under it carries it again: if
   * another instance won the id, PostgreSQL refuses them all, not just the first.
   * `hasContent` says whether the document already holds items under an id
   * (then an unbound id is the server's or from before bindings existed, and
   * nobody may write under it); `announcedBy` is the awareness claim (W2).
   */
  check(writer: Writer, clientIds: Iterable<number>, hasContent: (clientId: number) => boolean, announcedBy: (clientId: number) => string | undefined): ClaimVerdict {
    let claims: ClientClaim[] | null = null;
    const fresh: number[] = [];
    for (const clientId of clientIds) {
      const binding = this.owners.get(clientId);
      if (binding) {
        if (binding.userId !== writer.userId) return { ok: false, clientId, reason: 'bound_to_other' };
        if (!binding.confirmed) (claims ??= []).push({ clientId, userId: writer.userId, sector: binding.sector });
        continue;
      }
      if (hasContent(clientId)) return { ok: false, clientId, reason: 'unbound_content' };
      const announcer = announcedBy(clientId);
      if (announcer !== undefined && announcer !== writer.userId) return { ok: false, clientId, reason: 'announced_by_other' };
      fresh.push(clientId);
    }
    for (const clientId of fresh) {
      this.owners.set(clientId, { userId: writer.userId, sector: writer.sector, unconfirmed: 0, confirmed: false });
      (claims ??= []).push({ clientId, userId: writer.userId, sector: writer.sector });
    }
    for (const claim of claims ?? []) this.owners.get(claim.clientId)!.unconfirmed++;
    return { ok: true, claims };
  }

  /**
   * The store answered an update that carried `claims`. Returns the bindings
   * that this answer committed for the first time (to publish to the other
   * instances). A claim that was not stored is forgotten once none of its
   * updates is in flight, so the id is free again (or learnt from its owner).
   */
  settle(claims: readonly ClientClaim[], stored: boolean): ClientClaim[] {
    const committed: ClientClaim[] = [];
    for (const claim of claims) {
      const binding = this.owners.get(claim.clientId);
      if (!binding || binding.userId !== claim.userId) continue;
      binding.unconfirmed--;
      if (stored && !binding.confirmed) {
        binding.confirmed = true;
        committed.push(claim);
      } else if (!binding.confirmed && binding.unconfirmed === 0) {
        this.owners.delete(claim.clientId);
      }
    }
    return committed;
  }
}
