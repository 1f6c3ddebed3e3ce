/**
 * The key figures' pictures (decision 0007, KF8): hand-made SVG bars in rows whose labels are HTML, so a label is
 * never cut off, wraps on a phone and reads in words. Every picture is decorative for screen readers
 * (aria-hidden): the table beside it carries the same numbers. A hidden count is never drawn as if it were known:
 * what the shown cells leave of a shown total is drawn as an open, dashed box ("hidden numbers"), and so is a
 * hidden bar.
 */
import type { ReactNode } from 'react';
import { cellText } from './format.js';
import type { Cell, Share } from './types.js';

export interface SeriesStyle {
  label: string;
  /** A CSS class that sets the fill (keyfigures.css). */
  className: string;
}

const value = (c: Cell) => (c.hidden === null && c.value !== null ? c.value : null);

export function Legend({ items }: { items: SeriesStyle[] }) {
  return (
    <ul className="kf-legend">
      {items.map((s) => (
        <li key={s.label}>
          <span className={`kf-swatch ${s.className}`} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

function Row({ label, children, note }: { label: string; children: ReactNode; note?: ReactNode }) {
  return (
    <div className="kf-row">
      <span className="kf-row__label">{label}</span>
      <div className="kf-row__bars">{children}</div>
      {note !== undefined && <span className="kf-row__note">{note}</span>}
    </div>
  );
}

/** One bar per series and row (e.g. down and up the ladder), each with its number. */
export function GroupedBars({ rows, series, testId }: { rows: Array<{ label: string; cells: Cell[] }>; series: SeriesStyle[]; testId: string }) {
  const max = Math.max(5, ...rows.flatMap((r) => r.cells.map((c) => value(c) ?? 0)));
  return (
    <div className="kf-chart" aria-hidden="true" data-testid={testId}>
      {rows.map((r) => (
        <Row key={r.label} label={r.label}>
          {r.cells.map((c, i) => {
            const v = value(c);
            return (
              <div className="kf-bar" key={series[i]!.label}>
                <svg className="kf-bar__svg" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" aria-hidden="true">
                  {v === null ? (
                    <rect x="0.5" y="1.5" width="8" height="7" className="kf-hidden" vectorEffect="non-scaling-stroke" />
                  ) : (
                    <rect x="0" y="1" width={Math.max(v > 0 ? 0.8 : 0, (v / max) * 100)} height="8" className={series[i]!.className} />
                  )}
                </svg>
                <span className="kf-bar__value">{cellText(c)}</span>
              </div>
            );
          })}
        </Row>
      ))}
    </div>
  );
}

/** A stacked bar per row (open cases by level or step); what hidden cells hold of a shown total is a dashed box. */
export function StackedBars({ rows, series, testId }: { rows: Array<{ label: string; cells: Cell[]; total: Cell }>; series: SeriesStyle[]; testId: string }) {
  const widthOf = (r: (typeof rows)[number]) => value(r.total) ?? r.cells.reduce((s, c) => s + (value(c) ?? 0), 0);
  const max = Math.max(5, ...rows.map(widthOf));
  return (
    <div className="kf-chart" aria-hidden="true" data-testid={testId}>
      {rows.map((r) => {
        let x = 0;
        const parts: ReactNode[] = [];
        r.cells.forEach((c, i) => {
          const v = value(c);
          if (!v) return;
          const w = (v / max) * 100;
          parts.push(<rect key={series[i]!.className} x={x} y="0" width={w} height="10" className={series[i]!.className} />);
          x += w;
        });
        const total = value(r.total);
        const shownSum = r.cells.reduce((s, c) => s + (value(c) ?? 0), 0);
        if (total !== null && total > shownSum) {
          parts.push(<rect key="hidden" x={x} y="0.5" width={((total - shownSum) / max) * 100} height="9" className="kf-hidden" vectorEffect="non-scaling-stroke" />);
        }
        return (
          <Row key={r.label} label={r.label} note={cellText(r.total)}>
            <svg className="kf-stack__svg" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" aria-hidden="true">
              {parts}
            </svg>
          </Row>
        );
      })}
    </div>
  );
}

/** A share 0-100 % per row, with the aim drawn as a line (e.g. 70 % straks-indsatser). */
export function ShareBars({ rows, text, aim, className, testId }: { rows: Array<{ label: string; share: Share }>; text: (s: Share) => string; aim?: number; className: string; testId: string }) {
  return (
    <div className="kf-chart" aria-hidden="true" data-testid={testId}>
      {rows.map((r) => (
        <Row key={r.label} label={r.label} note={text(r.share)}>
          <svg className="kf-bar__svg kf-share__svg" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false" aria-hidden="true">
            <rect x="0" y="1" width="100" height="8" className="kf-track" />
            {r.share.value !== null && <rect x="0" y="1" width={Math.max(0.8, r.share.value * 100)} height="8" className={className} />}
            {r.share.hidden && <rect x="0.5" y="1.5" width="8" height="7" className="kf-hidden" vectorEffect="non-scaling-stroke" />}
            {aim !== undefined && <line x1={aim * 100} x2={aim * 100} y1="0" y2="10" className="kf-aim" vectorEffect="non-scaling-stroke" />}
          </svg>
        </Row>
      ))}
    </div>
  );
}
