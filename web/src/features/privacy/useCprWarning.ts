/** Finds CPR numbers in text being typed (LB2), so the editor can warn before it is saved. */
import { useMemo } from 'react';
import { findCprNumbers } from '../../../../shared/cpr.js';

/** The CPR numbers found in `text` (empty when none); recomputed only when the text changes. */
export function useCprWarning(text: string | null | undefined): string[] {
  return useMemo(() => (text ? findCprNumbers(text) : []), [text]);
}
