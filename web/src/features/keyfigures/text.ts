/**
 * Texts of the key figures page (KF1-KF9), Danish and English. The words of the tables are the CSV's, from
 * shared/keyfigures-text.ts, so the file holds what the page shows (tests/e2e/keyfigures.test.ts compares them).
 * Level names come from the municipality, steps from shared/labels.ts.
 */
import { KF_TABLE_TEXT } from '../../../../shared/keyfigures-text.js';
import { makeUseText } from '../../i18n/feature-text.js';

const da = {
  // The tables, in the words of the CSV.
  ...KF_TABLE_TEXT.da,
  // The page.
  titleOf: 'Nøgletal – {name}',
  intro: 'Året måned for måned: bevægelser på Indsatstrappen, niveauer på Børnelinealen, hvor hurtigt en bekymring fører til handling, og om opfølgningerne holdes. Kun samlede tal, aldrig enkelte børn.',
  scope: 'Vis for',
  from: 'Fra måned',
  to: 'Til måned',
  show: 'Vis',
  csv: 'Hent tabellerne som CSV',
  loading: 'Henter nøgletal …',
  refused: 'Nøgletal er for kommunens ledelse og for forummets mødeleder.',
  badPeriod: 'Perioden er ugyldig: vælg hele måneder, højst 36.',
  loadError: 'Nøgletallene kunne ikke hentes. Prøv igen.',
  back: 'Tilbage til {name}',
  home: 'Til forsiden',
  kpiStraks: 'Straks-indsatser i perioden',
  kpiAim: 'Mål: {aim} %',
  kpiOnTime: 'Opfølgninger til tiden',
  kpiDown: 'Bevægelser ned ad trappen',
  kpiUp: 'Op: {n}',
  kpiMedian: 'Median dage til første handling',
  kpiOpen: 'Åbne sager nu',
  days: '{n} dage',
  chartOf: 'Diagram: {title}',
  tableOf: 'Tabel: {title}',
  hiddenPart: 'Skjulte tal',
  aimLine: 'Mål {aim} %',
  suppressedShort: 'skjult: under 5',
  complementShort: 'skjult, så et lille tal ikke kan regnes ud',
  shareNone: 'ingen i perioden',
  forumFigures: 'Se forummets nøgletal',
  // The entry on the home page and Fora.
  entryTitle: 'Nøgletal',
  entryIntro: 'Året i tal: Indsatstrappen, Børnelinealen, straks-indsatser og opfølgninger.',
  entryMunicipality: 'Nøgletal for hele kommunen',
  entryForum: 'Nøgletal for {name}',
};

const en: typeof da = {
  ...KF_TABLE_TEXT.en,
  titleOf: 'Key figures – {name}',
  intro: 'The year month by month: movements on the intervention ladder, levels on Børnelinealen, how soon a concern leads to action, and whether follow-ups are held. Totals only, never single children.',
  scope: 'Show for',
  from: 'From month',
  to: 'To month',
  show: 'Show',
  csv: 'Download the tables as CSV',
  loading: 'Loading key figures …',
  refused: 'Key figures are for the municipality’s management and the forum’s chair.',
  badPeriod: 'The period is not valid: choose whole months, at most 36.',
  loadError: 'The key figures could not be loaded. Try again.',
  back: 'Back to {name}',
  home: 'To the home page',
  kpiStraks: 'Immediate efforts in the period',
  kpiAim: 'Aim: {aim}%',
  kpiOnTime: 'Follow-ups on time',
  kpiDown: 'Movements down the ladder',
  kpiUp: 'Up: {n}',
  kpiMedian: 'Median days to first action',
  kpiOpen: 'Open cases now',
  days: '{n} days',
  chartOf: 'Chart: {title}',
  tableOf: 'Table: {title}',
  hiddenPart: 'Hidden numbers',
  aimLine: 'Aim {aim}%',
  suppressedShort: 'hidden: under 5',
  complementShort: 'hidden so that a small number cannot be worked out',
  shareNone: 'none in the period',
  forumFigures: 'See the forum’s key figures',
  entryTitle: 'Key figures',
  entryIntro: 'The year in figures: the intervention ladder, Børnelinealen, immediate efforts and follow-ups.',
  entryMunicipality: 'Key figures for the whole municipality',
  entryForum: 'Key figures for {name}',
};

export type KfTextKey = keyof typeof da;
export const KF_TEXT = { da, en };
export const useKfText = makeUseText<KfTextKey>(KF_TEXT);
