/**
 * /f/:forumId/noegletal — key figures for the chair: aggregates only, counts of
 * 1-4 children suppressed ("<5"). Hand-made SVG bars, each with a table beside it.
 */
import { useState, type FormEvent } from 'react';
import type { KeyFigures, SuppressibleCount } from '../../../../shared/api.js';
import { usePageTitle } from '../../app/AppShell.js';
import { useI18n, type Lang } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { formatDay, formatMonth } from '../../lib/format.js';
import { forumPath, Link } from '../../lib/router.js';
import { useLoad } from '../../lib/useLoad.js';

interface Bar {
  label: string;
  count: SuppressibleCount;
}

export default function KeyFiguresPage({ forumId }: { forumId: string }) {
  const { t, lang } = useI18n();
  usePageTitle(t('kf.title'));
  const [period, setPeriod] = useState<{ from?: string; to?: string }>({});
  const figures = useLoad(() => api.keyFigures(forumId, period.from, period.to), `kf-${forumId}-${period.from}-${period.to}`);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPeriod({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };

  const kf = figures.data;
  return (
    <div className="page">
      <p className="back-link">
        <Link href={forumPath(forumId)}>← {kf?.forum?.name ?? t('forum.pageTitle')}</Link>
      </p>
      <h1>{t('kf.title')}</h1>
      <p className="notice" id="kf-suppressed">
        {t('kf.suppressed')}
      </p>
      <form className="form form--row form--card" onSubmit={submit}>
        <div className="field">
          <label htmlFor="kf-from">{t('kf.from')}</label>
          <input id="kf-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="kf-to">{t('kf.to')}</label>
          <input id="kf-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div>
          <button type="submit" className="button">
            {t('kf.show')}
          </button>
        </div>
      </form>
      {figures.status === 'loading' && (
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      )}
      {figures.status === 'error' && (
        <p className="alert alert--error" role="alert">
          {figures.error.status === 404 ? t('kf.notFound') : figures.error.status === 400 ? t('kf.badPeriod') : t('app.loadError')}
        </p>
      )}
      {kf && <Figures kf={kf} lang={lang} />}
    </div>
  );

  function Figures({ kf, lang }: { kf: KeyFigures; lang: Lang }) {
    const share = kf.followUpsOnTime.share;
    return (
      <div data-testid="keyfigures">
        <p>{t('kf.period', { from: formatDay(lang, kf.period.from), to: formatDay(lang, kf.period.to) })}</p>
        <div className="kpi-grid">
          <Kpi label={t('kf.movementsDown')} value={countText(kf.movements.down)} />
          <Kpi label={t('kf.movementsUp')} value={countText(kf.movements.up)} />
          <Kpi
            label={t('kf.daysToFirstAction')}
            value={kf.daysToFirstAction.median === null ? '–' : t('kf.days', { n: kf.daysToFirstAction.median })}
            note={t('kf.basedOn', { n: countText(kf.daysToFirstAction.cases) })}
          />
          <Kpi
            label={t('kf.onTime')}
            value={share === null ? '–' : `${Math.round(share * 100)} %`}
            note={t('kf.basedOn', { n: countText(kf.followUpsOnTime.held) })}
          />
        </div>
        <BarChart
          id="kf-ladder"
          title={t('kf.ladder')}
          bars={(['0', '1', '2', '3', '4', '5'] as const).map((k) => ({ label: `${k} · ${t(`ladder.${k}`)}`, count: kf.casesOnLadderStep[k] }))}
        />
        <BarChart
          id="kf-levels"
          title={t('kf.levels')}
          bars={(['1', '2', '3', '4', '5'] as const).map((k) => ({ label: k, count: kf.levelDistribution[k] }))}
        />
        <BarChart id="kf-new" title={t('kf.newCases')} bars={kf.monthly.map((m) => ({ label: formatMonth(lang, m.month), count: m.newCases }))} />
        <BarChart id="kf-open" title={t('kf.openCases')} bars={kf.monthly.map((m) => ({ label: formatMonth(lang, m.month), count: m.openCases }))} />
      </div>
    );
  }

  function countText(c: SuppressibleCount): string {
    return c.suppressed || c.value === null ? '<5' : String(c.value);
  }

  function Kpi({ label, value, note }: { label: string; value: string; note?: string }) {
    return (
      <div className="kpi">
        <p className="kpi__label">{label}</p>
        <p className="kpi__value">{value}</p>
        {note && <p className="kpi__note">{note}</p>}
      </div>
    );
  }

  function BarChart({ id, title, bars }: { id: string; title: string; bars: Bar[] }) {
    const max = Math.max(5, ...bars.map((b) => b.count.value ?? 0));
    const rowH = 28;
    const labelW = 220;
    const chartW = 520;
    const barW = chartW - labelW - 50;
    const height = bars.length * rowH + 8;
    return (
      <section className="chart" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        {bars.length === 0 ? (
          <p>{t('kf.noData')}</p>
        ) : (
          <div className="chart__body">
            {/* The picture is decorative for screen readers: the table below carries the same numbers. */}
            <svg className="chart__svg" viewBox={`0 0 ${chartW} ${height}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-table`}>
              {bars.map((b, i) => {
                const y = i * rowH + 4;
                const suppressed = b.count.suppressed || b.count.value === null;
                const w = suppressed ? 0 : Math.round(((b.count.value ?? 0) / max) * barW);
                return (
                  <g key={i}>
                    <text x={labelW - 8} y={y + rowH / 2 + 4} textAnchor="end" className="chart__label">
                      {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
                    </text>
                    {suppressed ? (
                      <rect x={labelW} y={y + 4} width={barW * 0.15} height={rowH - 10} className="chart__bar chart__bar--suppressed" />
                    ) : (
                      <rect x={labelW} y={y + 4} width={Math.max(w, 1)} height={rowH - 10} className="chart__bar" />
                    )}
                    <text x={labelW + (suppressed ? barW * 0.15 : Math.max(w, 1)) + 6} y={y + rowH / 2 + 4} className="chart__value">
                      {countText(b.count)}
                    </text>
                  </g>
                );
              })}
            </svg>
            <table className="table table--compact" id={`${id}-table`}>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('kf.category')}</th>
                  <th scope="col">{t('kf.count')}</th>
                </tr>
              </thead>
              <tbody>
                {bars.map((b, i) => (
                  <tr key={i}>
                    <th scope="row">{b.label}</th>
                    <td>
                      {countText(b.count)}
                      {(b.count.suppressed || b.count.value === null) && <span className="visually-hidden"> ({t('kf.suppressedShort')})</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    );
  }
}
