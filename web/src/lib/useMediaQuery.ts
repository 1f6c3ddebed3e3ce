/** Whether a CSS media query matches now, following changes (e.g. a phone turned sideways). */
import { useSyncExternalStore } from 'react';

/** A phone-sized screen: where tables become cards (WB14). */
export const PHONE = '(max-width: 40rem)';

export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mql = window.matchMedia(query);
      mql.addEventListener('change', onChange);
      return () => mql.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
  );
}
