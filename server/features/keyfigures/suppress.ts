import type { SuppressibleCount } from '../../../shared/api.js';
import { SMALL_NUMBER_THRESHOLD } from '../../../shared/domain.js';

/**
 * A count shown only when it covers no children or at least SMALL_NUMBER_THRESHOLD
 * distinct children (cases); otherwise `{ value: null, suppressed: true }`.
 */
export function suppressible(value: number, children: number = value): SuppressibleCount {
  if (children > 0 && children < SMALL_NUMBER_THRESHOLD) return { value: null, suppressed: true };
  return { value, suppressed: false };
}
