/**
 * How a key figure is written, on the page and (the same rules in server/features/keyfigures/texts.ts) in the CSV:
 * a count, "<5" or "x"; a share in whole percent; days with one decimal.
 */
import { LADDER_LABELS } from '../../../../shared/labels.js';
import type { Lang } from '../../i18n/index.js';
import type { Cell, Share } from './types.js';

/** The scope of the municipality's key figures: /noegletal (router.tsx) opens the page with it; no forum id is "kommune". */
export const MUNICIPALITY_SCOPE = 'kommune';
export const MUNICIPALITY_PATH = '/noegletal';

export function cellText(c: Cell): string {
  if (c.hidden === 'lt5') return '<5';
  if (c.hidden === 'x' || c.value === null) return 'x';
  return String(c.value);
}

export function shareText(lang: Lang, s: Share): string {
  if (s.hidden) return 'x';
  if (s.value === null) return '–';
  const pct = Math.round(s.value * 100);
  return lang === 'da' ? `${pct} %` : `${pct}%`;
}

export function daysText(lang: Lang, d: number | null): string {
  if (d === null) return '–';
  const s = String(Math.round(d * 10) / 10);
  return lang === 'da' ? s.replace('.', ',') : s;
}

export const stepLabel = (lang: Lang, n: number) => LADDER_LABELS[lang][n as 0 | 1 | 2 | 3 | 4 | 5];
