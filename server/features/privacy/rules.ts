/** Pure rules of the legal basis (docs/SPEC.md, LB1-LB6), kept apart so they are easy to read and test. */
import type { LegalBasisKind } from '../../../shared/domain.js';

export interface BasisRow {
  kind: LegalBasisKind;
  consentGivenOn: Date | null;
  consentValidUntil: Date | null;
  consentWithdrawnOn: Date | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** LB3: consent counts from the day it was given through its last valid day, unless withdrawn. */
export function consentValidOn(basis: BasisRow, today: string): boolean {
  if (basis.kind !== 'CONSENT' || !basis.consentGivenOn || !basis.consentValidUntil) return false;
  if (basis.consentWithdrawnOn && day(basis.consentWithdrawnOn) <= today) return false;
  return day(basis.consentGivenOn) <= today && today <= day(basis.consentValidUntil);
}

/** LB2/LB3: identifying fields are usable only under a basis that allows naming the child. */
export function identityAllowed(basis: BasisRow | null, today: string): boolean {
  if (!basis || basis.kind === 'ANONYMOUS') return false;
  if (basis.kind === 'CONSENT') return consentValidOn(basis, today);
  return true; // SSD_EXCHANGE and SSP_115 are statutory bases for naming the child
}
