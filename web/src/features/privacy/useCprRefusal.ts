/**
 * LB2 for the structured fields of a case (action titles, Signs of Safety
 * points, the child's voice, the network): a change that would put a CPR
 * number into the shared document is not written; the field says why. CPR
 * numbers belong in the identity fields, which the legal basis governs.
 */
import { useCallback, useState } from 'react';
import { containsCpr } from '../../../../shared/cpr.js';

export function useCprRefusal(): { refused: boolean; guard: (next: string, write: (value: string) => void) => void } {
  const [refused, setRefused] = useState(false);
  const guard = useCallback((next: string, write: (value: string) => void) => {
    if (containsCpr(next)) {
      setRefused(true);
      return;
    }
    setRefused(false);
    write(next);
  }, []);
  return { refused, guard };
}
