/**
 * How a key figure is written, on the page and in the CSV (the rules are in shared/keyfigures-text.ts): a count,
 * "<5" or "x"; a share in whole percent; days with one decimal. And where the municipality's key figures are.
 */
export { cellText, daysText, shareText, stepLabel } from '../../../../shared/keyfigures-text.js';

/** The scope of the municipality's key figures: /noegletal (router.tsx) opens the page with it; no forum id is "kommune". */
export const MUNICIPALITY_SCOPE = 'kommune';
export const MUNICIPALITY_PATH = '/noegletal';
