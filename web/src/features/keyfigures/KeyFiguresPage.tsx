/**
 * /f/:forumId/noegletal and /noegletal (the municipality): a year of key figures (docs/SPEC.md KF1-KF9) for a forum or the
 * whole municipality, month by month. Aggregates only; small numbers hidden as the server answers them ("<5",
 * "x"). Each picture (charts.tsx, hand-made SVG, decision 0007) has a table with the same numbers beside it, and
 * the CSV link downloads exactly those tables.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { usePageTitle } from '../../app/AppShell.js';
import { useMe } from '../../app/session.js';
import { useI18n } from '../../i18n/index.js';
import type { YearQuery } from '../../../../shared/contract/answers.js';
import { api } from '../../lib/api.js';
import { formatMonth } from '../../lib/format.js';
import { forumPath, keyFiguresPath, Link, navigate } from '../../lib/router.js';
import { useLoad } from '../../lib/useLoad.js';
import { GroupedBars, Legend, ShareBars, StackedBars, type SeriesStyle } from './charts.js';
import { cellText, daysText, MUNICIPALITY_PATH, MUNICIPALITY_SCOPE, shareText, stepLabel } from './format.js';
import { useKfText } from './text.js';
import type { Cell, KeyFigureScopes, Share, YearFigures } from './types.js';
import './keyfigures.css';

type Period = { from?: string; to?: string };

/** The period carried over from a change of scope (?fra=YYYY-MM&til=YYYY-MM): months, never case data. */
function periodFromUrl(): Period {
  const q = new URLSearchParams(window.location.search);
  const ok = (v: string | null) => (v && /^\d{4}-\d{2}$/.test(v) ? v : undefined);
  const from = ok(q.get('fra'));
  const to = ok(q.get('til'));
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The year's query: the forum (none: the municipality) and the months; `lang` for the CSV's words. */
function yearQuery(forumId: string, period: Period, lang?: 'da' | 'en'): YearQuery {
  return { forum: forumId !== MUNICIPALITY_SCOPE ? forumId : undefined, from: period.from || undefined, to: period.to || undefined, lang };
}

export default function KeyFiguresPage({ forumId }: { forumId: string }) {
  const { lang } = useI18n();
  const tx = useKfText();
  const me = useMe();
  const [period, setPeriod] = useState<Period>(periodFromUrl);
  const year = useLoad(() => api.keyFigures.year(yearQuery(forumId, period)), `kf-year-${forumId}-${period.from}-${period.to}`);
  const scopes = useLoad(() => api.keyFigures.scopes(), 'kf-scopes');
  const y = year.data;
  const name = y ? (y.scope.kind === 'municipality' ? tx('municipality') : y.scope.name) : '';
  usePageTitle(y ? tx('titleOf', { name }) : tx('title'));
  const membership = me.memberships.find((m) => m.forumId === forumId);

  return (
    <div className="page kf-page" data-testid="keyfigures-page">
      <p className="back-link">
        {membership ? <Link href={forumPath(forumId)}>← {tx('back', { name: membership.forumName })}</Link> : <Link href="/">← {tx('home')}</Link>}
      </p>
      <h1>{y ? tx('titleOf', { name }) : tx('title')}</h1>
      <p className="kf-intro">{tx('intro')}</p>
      <Controls forumId={forumId} scopes={scopes.data ?? null} shown={y?.period ?? null} onPeriod={setPeriod} period={period} />
      <p className="notice" id="kf-legend">
        {tx('legend')}
      </p>
      {year.status === 'loading' && (
        <p className="status-text" role="status">
          {tx('loading')}
        </p>
      )}
      {year.status === 'error' && (
        <p className="alert alert--error" role="alert">
          {year.error.status === 403 || year.error.status === 404 ? tx('refused') : year.error.status === 400 ? tx('badPeriod') : tx('loadError')}
        </p>
      )}
      {y && (
        <>
          <p>
            <a className="button button--secondary" href={api.keyFigures.yearCsvUrl(yearQuery(forumId, period, lang))} download data-testid="kf-csv">
              {tx('csv')}
            </a>
          </p>
          <Figures y={y} />
        </>
      )}
    </div>
  );
}

function Controls({ forumId, scopes, shown, period, onPeriod }: { forumId: string; scopes: KeyFigureScopes | null; shown: { from: string; to: string } | null; period: Period; onPeriod: (p: Period) => void }) {
  const tx = useKfText();
  const [from, setFrom] = useState(period.from ?? '');
  const [to, setTo] = useState(period.to ?? '');
  const options = scopes ? [...(scopes.municipality ? [{ id: MUNICIPALITY_SCOPE, name: tx('municipality') }] : []), ...scopes.forums] : [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onPeriod({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };
  const changeScope = (id: string) => {
    const q = new URLSearchParams();
    if (period.from) q.set('fra', period.from);
    if (period.to) q.set('til', period.to);
    navigate(`${id === MUNICIPALITY_SCOPE ? MUNICIPALITY_PATH : keyFiguresPath(id)}${q.size ? `?${q}` : ''}`);
  };
  return (
    <form className="form form--row form--card kf-controls" onSubmit={submit}>
      {options.length > 1 && (
        <div className="field">
          <label htmlFor="kf-scope">{tx('scope')}</label>
          <select id="kf-scope" value={forumId} onChange={(e) => changeScope(e.target.value)} data-testid="kf-scope">
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="kf-from">{tx('from')}</label>
        <input id="kf-from" type="month" value={from || shown?.from || ''} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="kf-to">{tx('to')}</label>
        <input id="kf-to" type="month" value={to || shown?.to || ''} onChange={(e) => setTo(e.target.value)} />
      </div>
      <div>
        <button type="submit" className="button">
          {tx('show')}
        </button>
      </div>
    </form>
  );
}

const LEVEL_CLASSES = ['kf-l1', 'kf-l2', 'kf-l3', 'kf-l4', 'kf-l5', 'kf-none'];
const STEP_CLASSES = ['kf-s0', 'kf-s1', 'kf-s2', 'kf-s3', 'kf-s4', 'kf-s5', 'kf-none'];

function Figures({ y }: { y: YearFigures }) {
  const { lang } = useI18n();
  const tx = useKfText();
  const month = (m: string | null) => (m ? formatMonth(lang, m) : tx('total'));
  const days = y.straksDays;
  const aim = Math.round(y.straksAim * 100);
  const share = (s: Share) => shareText(lang, s);
  const levelNames = y.levelLabels.map((label, i) => tx('level', { n: i + 1, label }));
  const stepNames = [0, 1, 2, 3, 4, 5].map((n) => tx('step', { n, label: stepLabel(lang, n) }));
  const hatch: SeriesStyle = { label: tx('hiddenPart'), className: 'kf-hidden-swatch' };
  const lastOpen = y.levels.rows.at(-1)?.cells.at(-1) ?? { value: 0, hidden: null };
  const fa = y.firstAction.total;
  const fu = y.followUps.total;

  return (
    <div data-testid="keyfigures">
      <div className="kpi-grid">
        <Kpi label={tx('kpiStraks')} value={share(fa.share)} note={tx('kpiAim', { aim })} good={fa.share.value !== null && fa.share.value >= y.straksAim} testId="kpi-straks" />
        <Kpi label={tx('kpiOnTime')} value={share(fu.share)} testId="kpi-ontime" />
        <Kpi label={tx('kpiDown')} value={cellText(y.movements.total.down)} note={tx('kpiUp', { n: cellText(y.movements.total.up) })} testId="kpi-down" />
        <Kpi label={tx('kpiMedian')} value={y.firstAction.medianDays === null ? '–' : tx('days', { n: daysText(lang, y.firstAction.medianDays) })} testId="kpi-median" />
        <Kpi label={tx('kpiOpen')} value={cellText(lastOpen)} testId="kpi-open" />
      </div>

      <FigureSection id="kf-movements" title={tx('movements')}>
        <Legend items={[{ label: tx('down'), className: 'kf-down' }, { label: tx('up'), className: 'kf-up' }]} />
        <GroupedBars testId="chart-movements" series={[{ label: tx('down'), className: 'kf-down' }, { label: tx('up'), className: 'kf-up' }]} rows={y.movements.rows.map((r) => ({ label: month(r.month), cells: [r.down, r.up] }))} />
        <FigureTable
          id="kf-movements"
          title={tx('movements')}
          columns={[tx('up'), tx('down'), tx('net')]}
          rows={[...y.movements.rows, y.movements.total].map((r) => ({ month: r.month, label: month(r.month), cells: [r.up, r.down, r.net] }))}
        />
      </FigureSection>

      <FigureSection id="kf-levels" title={tx('levels')}>
        <Legend items={[...levelNames, tx('none')].map((label, i) => ({ label, className: LEVEL_CLASSES[i]! })).concat(hatch)} />
        <StackedBars testId="chart-levels" series={LEVEL_CLASSES.map((className, i) => ({ label: levelNames[i] ?? tx('none'), className }))} rows={y.levels.rows.map((r) => ({ label: month(r.month), cells: r.cells.slice(0, -1), total: r.cells.at(-1)! }))} />
        <FigureTable id="kf-levels" title={tx('levels')} columns={[...levelNames, tx('none'), tx('openCases')]} rows={y.levels.rows.map((r) => ({ month: r.month, label: month(r.month), cells: r.cells }))} />
      </FigureSection>

      <FigureSection id="kf-steps" title={tx('steps')}>
        <Legend items={[...stepNames, tx('noStep')].map((label, i) => ({ label, className: STEP_CLASSES[i]! })).concat(hatch)} />
        <StackedBars testId="chart-steps" series={STEP_CLASSES.map((className, i) => ({ label: stepNames[i] ?? tx('noStep'), className }))} rows={y.steps.rows.map((r) => ({ label: month(r.month), cells: r.cells.slice(0, -1), total: r.cells.at(-1)! }))} />
        <FigureTable id="kf-steps" title={tx('steps')} columns={[...stepNames, tx('noStep'), tx('openCases')]} rows={y.steps.rows.map((r) => ({ month: r.month, label: month(r.month), cells: r.cells }))} />
      </FigureSection>

      <FigureSection id="kf-first" title={tx('firstAction')}>
        <p className="muted">
          {tx('straksShare', { aim })}. {tx('countedNote', { days })}
        </p>
        <Legend items={[{ label: tx('straksShare', { aim }), className: 'kf-share' }, { label: tx('aimLine', { aim }), className: 'kf-aim-swatch' }]} />
        <ShareBars testId="chart-first" className="kf-share" aim={y.straksAim} text={share} rows={y.firstAction.rows.map((r) => ({ label: month(r.month), share: r.share }))} />
        <FigureTable
          id="kf-first"
          title={tx('firstAction')}
          columns={[tx('straks', { days }), tx('later'), tx('noAction'), tx('counted'), tx('straksShare', { aim })]}
          rows={[...y.firstAction.rows, y.firstAction.total].map((r) => ({ month: r.month, label: month(r.month), cells: [r.straks, r.later, r.none, r.total, r.share] }))}
          footer={[tx('medianDays'), daysText(lang, y.firstAction.medianDays)]}
        />
      </FigureSection>

      <FigureSection id="kf-followups" title={tx('followUps')}>
        <ShareBars testId="chart-followups" className="kf-share" text={share} rows={y.followUps.rows.map((r) => ({ label: month(r.month), share: r.share }))} />
        <FigureTable
          id="kf-followups"
          title={tx('followUps')}
          columns={[tx('onTime'), tx('late'), tx('missed'), tx('due'), tx('onTimeShare')]}
          rows={[...y.followUps.rows, y.followUps.total].map((r) => ({ month: r.month, label: month(r.month), cells: [r.onTime, r.late, r.missed, r.total, r.share] }))}
        />
      </FigureSection>

      {y.forums && (
        <FigureSection id="kf-forums" title={tx('forums')}>
          <FigureTable
            id="kf-forums"
            title={tx('forums')}
            first={tx('forum')}
            columns={[tx('up'), tx('down'), tx('counted'), tx('straksShare', { aim }), tx('due'), tx('onTimeShare'), tx('openAtEnd')]}
            rows={y.forums.map((f) => ({
              month: f.forum.id,
              label: f.forum.name,
              href: keyFiguresPath(f.forum.id),
              cells: [f.up, f.down, f.newCases, f.straksShare, f.followUpsDue, f.onTimeShare, f.openAtEnd],
            }))}
          />
        </FigureSection>
      )}
    </div>
  );
}

function Kpi({ label, value, note, good, testId }: { label: string; value: string; note?: string; good?: boolean; testId: string }) {
  return (
    <div className={`kpi${good ? ' kpi--good' : ''}`} data-testid={testId}>
      <p className="kpi__label">{label}</p>
      <p className="kpi__value">{value}</p>
      {note && <p className="kpi__note">{note}</p>}
    </div>
  );
}

function FigureSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="kf-section" aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

const isShare = (c: Cell | Share): c is Share => typeof (c as Share).hidden === 'boolean';

/**
 * The numbers as a table: a row per month (or forum), "<5" and "x" as shown with what they mean for screen
 * readers. Each cell's shown text is also its data-value (what the CSV holds).
 */
function FigureTable({
  id,
  title,
  first,
  columns,
  rows,
  footer,
}: {
  id: string;
  title: string;
  first?: string;
  columns: string[];
  rows: Array<{ month: string | null; label: string; href?: string; cells: Array<Cell | Share> }>;
  footer?: [string, string];
}) {
  const { lang } = useI18n();
  const tx = useKfText();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable)
    <div className="kf-table-wrap" role="region" aria-label={tx('tableOf', { title })} tabIndex={0}>
      <table className="table table--compact kf-table" id={`${id}-table`} data-testid={`${id}-table`}>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{first ?? tx('month')}</th>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.month ?? 'total'} data-month={r.month ?? 'total'} className={r.month === null ? 'kf-total' : undefined}>
              <th scope="row">{r.href ? <Link href={r.href}>{r.label}</Link> : r.label}</th>
              {r.cells.map((c, i) => {
                const text = isShare(c) ? shareText(lang, c) : cellText(c);
                const why = isShare(c) ? (c.hidden ? tx('complementShort') : c.value === null ? tx('shareNone') : null) : c.hidden === 'lt5' ? tx('suppressedShort') : c.hidden ? tx('complementShort') : null;
                return (
                  <td key={columns[i]} data-value={text}>
                    {text}
                    {why && <span className="visually-hidden"> ({why})</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        {footer && (
          <tfoot>
            <tr data-month="median">
              <th scope="row">{footer[0]}</th>
              <td data-value={footer[1]} colSpan={columns.length}>
                {footer[1]}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
