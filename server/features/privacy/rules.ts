/** Pure rules of the legal basis (docs/SPEC.md, LB1-LB8), kept apart so they are easy to read and test. */
import type { LegalBasisKind, Role, Sector } from '../../../shared/domain.js';

export interface BasisRow {
  kind: LegalBasisKind;
  consentGivenOn: Date | null;
  consentValidUntil: Date | null;
  consentWithdrawnOn: Date | null;
  /** CONSENT: the sectors the custody holders consented to share with (LB7). */
  consentSectors: readonly Sector[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** LB3: consent counts from the day it was given through its last valid day, unless withdrawn. */
export function consentValidOn(basis: BasisRow, today: string): boolean {
  if (basis.kind !== 'CONSENT' || !basis.consentGivenOn || !basis.consentValidUntil) return false;
  if (basis.consentWithdrawnOn && day(basis.consentWithdrawnOn) <= today) return false;
  return day(basis.consentGivenOn) <= today && today <= day(basis.consentValidUntil);
}

/** LB2/LB3: identifying fields are usable at all only under a basis that allows naming the child. */
export function identityAllowed(basis: BasisRow | null, today: string): boolean {
  if (!basis || basis.kind === 'ANONYMOUS') return false;
  if (basis.kind === 'CONSENT') return consentValidOn(basis, today);
  return true; // SSD_EXCHANGE and SSP_115 are statutory bases for naming the child
}

/**
 * Why a member may not see and edit a case's identity (child's name, CPR, address, parents), or null if they may
 * (LB7). Asked only through the policy (`can(actor, 'case:identity', …)`), with the member's own membership of
 * the case's forum:
 * - `basis`: the basis does not allow naming on `today` (anonymous, consent expired, withdrawn or not yet given);
 * - `guest`: a GUEST never sees identity, whatever the basis;
 * - `sector`: under CONSENT the member's sector in this forum is not among the consent's sectors. The chair has no
 *   right of their own here, nor has social services: the domain description gives neither one under consent.
 * The statutory bases (SSD_EXCHANGE, SSP_115) are exchanges among the forum's sectors by law, so under them every
 * member who may read the case (police only in SSP, A4) may see it.
 */
export type IdentityRefusal = 'basis' | 'guest' | 'sector';

export function identityRefusal(basis: BasisRow | null, member: { sector: Sector; role: Role }, today: string): IdentityRefusal | null {
  if (!identityAllowed(basis, today)) return 'basis';
  if (member.role === 'GUEST') return 'guest';
  if (basis!.kind === 'CONSENT' && !basis!.consentSectors.includes(member.sector)) return 'sector';
  return null;
}
