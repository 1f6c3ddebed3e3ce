/**
 * "Møder" on the case page (VR2): the meetings that concluded the case,
 * oldest first, with a small trend of the Børnelinealen level and the Signs of
 * Safety scale (an SVG with a text alternative and a table), each version
 * openable as it was; then "Ændret siden sidste møde" (VR3). Readers who may
 * not read the versions (guests) get a 404 and see neither section; a user who
 * is only ever a guest does not ask.
 */
import { useState } from 'react';
import type { CaseVersionSummary } from '../../../../shared/api.js';
import { useRealtimeEvent } from '../../app/realtime.js';
import { useMe } from '../../app/session.js';
import { useI18n, type Lang } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useLoad } from '../../lib/useLoad.js';
import { ChangesSinceLast } from './ChangesSinceLast.js';
import { basisLabel, meetingDate } from './people.js';
import { useVersionsText } from './text.js';
import { VersionView } from './VersionView.js';

export function CaseTimeline({ caseId }: { caseId: string }) {
  const me = useMe();
  // Guests never read a case's history (VR2): someone who is a guest wherever they are a member does not ask.
  if (!me.memberships.some((m) => m.role !== 'GUEST')) return null;
  return <Timeline caseId={caseId} />;
}

function Timeline({ caseId }: { caseId: string }) {
  const tx = useVersionsText();
  const [changes, setChanges] = useState(0);
  const list = useLoad(() => api.versions.list(caseId), `versions-${caseId}`);
  // A conclusion (or any other change of the case) may add a version.
  useRealtimeEvent('case:changed', (p) => {
    if (p.caseId !== caseId) return;
    list.reload();
    setChanges((n) => n + 1);
  });
  if (list.status === 'error' && list.error.status === 404) return null;
  const data = list.data;

  return (
    <>
      <section className="case-section" aria-labelledby="sec-meetings" data-testid="case-timeline">
        <h2 id="sec-meetings">{tx('title')}</h2>
        <p className="hint">{tx('intro')}</p>
        {list.status === 'loading' ? (
          <p className="status-text" role="status">
            {tx('loading')}
          </p>
        ) : !data ? (
          <p className="alert alert--error" role="alert">
            {tx('loadError')}{' '}
            <button type="button" className="button button--secondary button--small" onClick={list.reload}>
              {tx('retry')}
            </button>
          </p>
        ) : data.versions.length === 0 ? (
          <p className="muted" data-testid="timeline-empty">
            {tx('empty')}
          </p>
        ) : (
          <>
            <Trend versions={data.versions} levelLabels={data.levelLabels} />
            <ol className="plain-list" data-testid="timeline-list">
              {data.versions.map((v) => (
                <TimelineEntry key={v.meetingId} caseId={caseId} version={v} levelLabels={data.levelLabels} />
              ))}
            </ol>
          </>
        )}
      </section>
      {data && <ChangesSinceLast caseId={caseId} refreshKey={changes} />}
    </>
  );
}

function TimelineEntry({ caseId, version: v, levelLabels }: { caseId: string; version: CaseVersionSummary; levelLabels: string[] }) {
  const { lang } = useI18n();
  const tx = useVersionsText();
  const [open, setOpen] = useState(false);
  const date = meetingDate(lang, v.meetingStartsAt);
  const panel = `timeline-version-${v.meetingId}`;
  return (
    <li className="timeline-entry" data-testid="timeline-version" data-meeting-id={v.meetingId}>
      <h3>{tx('meetingOn', { date })}</h3>
      <p>
        <span className={`level-chip level-chip--${v.level}`}>{v.level}</span> {tx('levelValue', { level: v.level, label: levelLabels[v.level - 1] ?? '' })},{' '}
        {tx('scaleValue', { sos: v.sosScale })} · {basisLabel(lang, v.basis)}
      </p>
      {v.outcome && <p className="muted">{v.outcome}</p>}
      <button
        type="button"
        className="button button--secondary button--small"
        aria-expanded={open}
        aria-controls={panel}
        aria-label={open ? undefined : tx('openFor', { date })}
        onClick={() => setOpen((o) => !o)}
        data-testid="timeline-open"
      >
        {open ? tx('hide') : tx('open')}
      </button>
      <div id={panel}>{open && <VersionView caseId={caseId} meetingId={v.meetingId} headingLevel={4} />}</div>
    </li>
  );
}

const W = 520;
const PAD_X = 36;
const ROW_H = 70;
const GAP = 30;
const TOP = 22;

/** The trend: level 1-5 above, scale 0-10 below, one point per meeting; the same numbers as text and as a table. */
function Trend({ versions, levelLabels }: { versions: CaseVersionSummary[]; levelLabels: string[] }) {
  const { lang } = useI18n();
  const tx = useVersionsText();
  const n = versions.length;
  const x = (i: number) => (n === 1 ? W / 2 : PAD_X + (i * (W - 2 * PAD_X)) / (n - 1));
  const levelY = (level: number) => TOP + ((5 - level) / 4) * (ROW_H - 20) + 10;
  const scaleTop = TOP + ROW_H + GAP;
  const scaleY = (s: number) => scaleTop + ((10 - s) / 10) * (ROW_H - 20) + 10;
  const height = scaleTop + ROW_H + 24;
  const dates = versions.map((v) => meetingDate(lang, v.meetingStartsAt));
  const summary = tx('trendSummary', {
    n,
    levels: versions.map((v) => v.level).join(' → '),
    scales: versions.map((v) => v.sosScale).join(' → '),
  });
  const points = (y: (v: CaseVersionSummary) => number) => versions.map((v, i) => `${x(i)},${y(v)}`).join(' ');

  return (
    <figure className="trend" data-testid="timeline-trend" style={{ margin: '0 0 1rem' }}>
      {/* Drawn at its own size (not stretched to the page), so its words stay the size of the text around it. */}
      <svg className="chart__svg" viewBox={`0 0 ${W} ${height}`} style={{ maxWidth: `${W}px` }} role="img" aria-labelledby="trend-title trend-desc">
        <title id="trend-title">{tx('trendTitle')}</title>
        <desc id="trend-desc">{summary}</desc>
        <text x={4} y={14} className="chart__label">
          {tx('trendLevel')}
        </text>
        <line x1={PAD_X / 2} x2={W - PAD_X / 2} y1={levelY(3)} y2={levelY(3)} stroke="#c9d1dc" strokeDasharray="3 3" />
        <polyline points={points((v) => levelY(v.level))} fill="none" stroke="#a4161a" strokeWidth={2} />
        {versions.map((v, i) => (
          <g key={`l${v.meetingId}`}>
            <circle cx={x(i)} cy={levelY(v.level)} r={4} fill="#a4161a" />
            <text x={x(i)} y={levelY(v.level) - 8} textAnchor="middle" className="chart__value">
              {v.level}
            </text>
          </g>
        ))}
        <text x={4} y={scaleTop - 6} className="chart__label">
          {tx('trendScale')}
        </text>
        <line x1={PAD_X / 2} x2={W - PAD_X / 2} y1={scaleY(5)} y2={scaleY(5)} stroke="#c9d1dc" strokeDasharray="3 3" />
        <polyline points={points((v) => scaleY(v.sosScale))} fill="none" stroke="#0f6b3a" strokeWidth={2} />
        {versions.map((v, i) => (
          <g key={`s${v.meetingId}`}>
            <rect x={x(i) - 4} y={scaleY(v.sosScale) - 4} width={8} height={8} fill="#0f6b3a" />
            <text x={x(i)} y={scaleY(v.sosScale) - 8} textAnchor="middle" className="chart__value">
              {v.sosScale}
            </text>
          </g>
        ))}
        {versions.map((v, i) => (
          <text key={`d${v.meetingId}`} x={x(i)} y={height - 6} textAnchor={n === 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'} className="chart__label">
            {dates[i]}
          </text>
        ))}
      </svg>
      <details className="disclosure">
        <summary>{tx('trendTable')}</summary>
        <TrendTable versions={versions} levelLabels={levelLabels} lang={lang} dates={dates} />
      </details>
    </figure>
  );
}

function TrendTable({ versions, levelLabels, lang, dates }: { versions: CaseVersionSummary[]; levelLabels: string[]; lang: Lang; dates: string[] }) {
  const tx = useVersionsText();
  return (
    <table className="table table--compact" data-testid="timeline-table">
      <caption className="visually-hidden">{tx('trendTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{tx('colMeeting')}</th>
          <th scope="col">{tx('colLevel')}</th>
          <th scope="col">{tx('colScale')}</th>
          <th scope="col">{tx('colBasis')}</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v, i) => (
          <tr key={v.meetingId}>
            <th scope="row">{dates[i]}</th>
            <td>
              {v.level} – {levelLabels[v.level - 1] ?? ''}
            </td>
            <td>{v.sosScale}/10</td>
            <td>{basisLabel(lang, v.basis)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
