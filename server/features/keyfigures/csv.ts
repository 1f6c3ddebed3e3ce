/**
 * KF7: the CSV of exactly what the key figures page shows: the same tables, the same cells ("<5", "x", shares in
 * whole percent), in the same words. Semicolon-separated UTF-8 with a byte order mark and CRLF, as Danish
 * spreadsheets open it. No case data: aggregates only, and the file name says the scope's kind and the period.
 */
import { FORUM_TYPE_LABELS } from '../../../shared/labels.js';
import { cellText, daysText, kfText, levelName, shareText, stepName, type Lang } from './texts.js';
import type { YearFigures } from './types.js';

/** A text field as a CSV field: quoted when needed; a leading =, +, -, @ is defused (formula injection). */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
/** A figure we wrote ourselves (digits, "-3", "<5", "x", "71 %"): never a formula, quoted only if needed. */
const figure = (value: string) => (/[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function yearCsv(y: YearFigures, lang: Lang): string {
  const t = (k: Parameters<typeof kfText>[1], vars?: Record<string, string | number>) => kfText(lang, k, vars);
  const lines: string[] = [];
  const row = (label: string, ...cells: string[]) => lines.push([field(label), ...cells.map(figure)].join(';'));
  const head = (...labels: string[]) => lines.push(labels.map(field).join(';'));
  const month = (m: string | null) => m ?? t('total');

  head(t('title'), y.scope.kind === 'municipality' ? `${t('municipality')} (${y.scope.name})` : y.scope.name);
  head(t('period'), `${y.period.from} – ${y.period.to}`);
  head(t('legend'));

  lines.push('');
  head(t('movements'));
  head(t('month'), t('up'), t('down'), t('net'));
  for (const r of [...y.movements.rows, y.movements.total]) row(month(r.month), cellText(r.up), cellText(r.down), cellText(r.net));

  lines.push('');
  head(t('levels'));
  head(t('month'), ...y.levelLabels.map((label, i) => levelName(lang, i + 1, label)), t('none'), t('openCases'));
  for (const r of y.levels.rows) row(r.month, ...r.cells.map(cellText));

  lines.push('');
  head(t('steps'));
  head(t('month'), ...[0, 1, 2, 3, 4, 5].map((n) => stepName(lang, n)), t('noStep'), t('openCases'));
  for (const r of y.steps.rows) row(r.month, ...r.cells.map(cellText));

  lines.push('');
  head(t('firstAction'));
  const days = y.straksDays;
  head(
    t('month'),
    t('straks', { days }),
    t('later'),
    t('noAction'),
    t('counted'),
    t('straksShare', { aim: Math.round(y.straksAim * 100) }),
  );
  for (const r of [...y.firstAction.rows, y.firstAction.total]) {
    row(month(r.month), cellText(r.straks), cellText(r.later), cellText(r.none), cellText(r.total), shareText(lang, r.share));
  }
  row(t('medianDays'), daysText(lang, y.firstAction.medianDays));

  lines.push('');
  head(t('followUps'));
  head(t('month'), t('onTime'), t('late'), t('missed'), t('due'), t('onTimeShare'));
  for (const r of [...y.followUps.rows, y.followUps.total]) {
    row(month(r.month), cellText(r.onTime), cellText(r.late), cellText(r.missed), cellText(r.total), shareText(lang, r.share));
  }

  if (y.forums) {
    lines.push('');
    head(t('forums'));
    head(t('forum'), t('up'), t('down'), t('counted'), t('straksShare', { aim: Math.round(y.straksAim * 100) }), t('due'), t('onTimeShare'), t('openAtEnd'));
    for (const f of y.forums) {
      row(
        f.forum.name,
        cellText(f.up),
        cellText(f.down),
        cellText(f.newCases),
        shareText(lang, f.straksShare),
        cellText(f.followUpsDue),
        shareText(lang, f.onTimeShare),
        cellText(f.openAtEnd),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** "noegletal-kommune-2025-12-2026-11.csv", "noegletal-trivselsforum-0-3-aar-…": the kind of scope, never a name or id. */
export function csvFileName(y: YearFigures): string {
  const kind = y.scope.forumType
    ? FORUM_TYPE_LABELS.da[y.scope.forumType]
        .toLowerCase()
        .replace(/å/g, 'aa')
        .replace(/æ/g, 'ae')
        .replace(/ø/g, 'oe')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
    : 'kommune';
  return `noegletal-${kind}-${y.period.from}-${y.period.to}.csv`;
}
