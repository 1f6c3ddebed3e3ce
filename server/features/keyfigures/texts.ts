/**
 * The words of the key figures export (KF7) and how a figure is written: the page's own, from
 * shared/keyfigures-text.ts, so the CSV holds exactly what the page shows.
 */
export { cellText, daysText, kfText, levelName, shareText, stepName } from '../../../shared/keyfigures-text.js';
export type { LabelLang as Lang } from '../../../shared/labels.js';
