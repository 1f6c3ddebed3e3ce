/**
 * The words of the key figures' tables (KF1-KF9) and how a figure is written, Danish and English: one copy for the
 * page (web/src/features/keyfigures) and its CSV export (KF7, server/features/keyfigures/csv.ts), so the file holds
 * exactly what the page shows (tests/e2e/keyfigures.test.ts compares them). Level names come from the municipality,
 * step names from shared/labels.ts.
 */
import type { Cell, Share } from './keyfigures.js';
import { LADDER_LABELS, type LabelLang } from './labels.js';

const da = {
  title: 'Nøgletal',
  municipality: 'Hele kommunen',
  period: 'Periode',
  legend: 'Tal under 5 vises som "<5". "x": skjult, så et lille tal ikke kan regnes ud af de andre tal.',
  month: 'Måned',
  total: 'I alt',
  movements: 'Bevægelser på Indsatstrappen',
  up: 'Op ad trappen',
  down: 'Ned ad trappen',
  net: 'Netto ned',
  levels: 'Børnelinealen: åbne sager ved månedens udgang',
  steps: 'Indsatstrappen: åbne sager ved månedens udgang',
  none: 'Ikke vurderet',
  noStep: 'Ingen aktiv indsats',
  openCases: 'Åbne sager',
  firstAction: 'Tid fra første bekymring til første handling',
  straks: 'Første handling inden for {days} dage',
  later: 'Første handling senere',
  noAction: 'Ingen handling endnu',
  counted: 'Sager i alt',
  countedNote: 'Nye sager, talt med når de har en handling eller er {days} dage gamle.',
  straksShare: 'Andel straks-indsatser (mål {aim} %)',
  medianDays: 'Median dage til første handling',
  followUps: 'Opfølgninger holdt til tiden',
  onTime: 'Holdt til tiden',
  late: 'Holdt for sent',
  missed: 'Ikke holdt',
  due: 'Opfølgninger i alt',
  onTimeShare: 'Andel til tiden',
  forums: 'Fora',
  forum: 'Forum',
  openAtEnd: 'Åbne sager ved periodens udgang',
  level: '{n} – {label}',
  step: 'Trin {n} – {label}',
};

const en: typeof da = {
  title: 'Key figures',
  municipality: 'The whole municipality',
  period: 'Period',
  legend: 'Numbers under 5 are shown as "<5". "x": hidden so that a small number cannot be worked out from the others.',
  month: 'Month',
  total: 'Total',
  movements: 'Movements on the intervention ladder',
  up: 'Up the ladder',
  down: 'Down the ladder',
  net: 'Net down',
  levels: 'Børnelinealen: open cases at the end of the month',
  steps: 'Intervention ladder: open cases at the end of the month',
  none: 'Not assessed',
  noStep: 'No active intervention',
  openCases: 'Open cases',
  firstAction: 'Time from first concern to first action',
  straks: 'First action within {days} days',
  later: 'First action later',
  noAction: 'No action yet',
  counted: 'Cases in all',
  countedNote: 'New cases, counted once they have an action or are {days} days old.',
  straksShare: 'Share of immediate efforts (aim {aim}%)',
  medianDays: 'Median days to first action',
  followUps: 'Follow-ups held on time',
  onTime: 'Held on time',
  late: 'Held late',
  missed: 'Not held',
  due: 'Follow-ups in all',
  onTimeShare: 'Share on time',
  forums: 'Forums',
  forum: 'Forum',
  openAtEnd: 'Open cases at the end of the period',
  level: '{n} – {label}',
  step: 'Step {n} – {label}',
};

/** The tables' words; the page adds its own (web/src/features/keyfigures/text.ts). */
export const KF_TABLE_TEXT = { da, en };
export type KfTableTextKey = keyof typeof da;

export function kfText(lang: LabelLang, key: KfTableTextKey, vars: Record<string, string | number> = {}): string {
  return KF_TABLE_TEXT[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** "Hjemmebaserede indsatser": a step of Indsatstrappen (0-5) by its number. */
export const stepLabel = (lang: LabelLang, n: number) => LADDER_LABELS[lang][n as 0 | 1 | 2 | 3 | 4 | 5];
/** "2 – Begyndende bekymring": a level by its number and the municipality's name for it. */
export const levelName = (lang: LabelLang, n: number, label: string) => kfText(lang, 'level', { n, label });
/** "Trin 2 – Hjemmebaserede indsatser". */
export const stepName = (lang: LabelLang, n: number) => kfText(lang, 'step', { n, label: stepLabel(lang, n) });

/** A count as shown: the number, "<5" or "x". */
export function cellText(c: Cell): string {
  if (c.hidden === 'lt5') return '<5';
  if (c.hidden === 'x' || c.value === null) return 'x';
  return String(c.value);
}

/** A share as shown: "71 %" (Danish) or "71%", "x" when hidden, "–" without a base. */
export function shareText(lang: LabelLang, s: Share): string {
  if (s.hidden) return 'x';
  if (s.value === null) return '–';
  const pct = Math.round(s.value * 100);
  return lang === 'da' ? `${pct} %` : `${pct}%`;
}

/** Days with one decimal: "7,5" (Danish) or "7.5"; "–" when not shown. */
export function daysText(lang: LabelLang, d: number | null): string {
  if (d === null) return '–';
  const s = String(Math.round(d * 10) / 10);
  return lang === 'da' ? s.replace('.', ',') : s;
}
