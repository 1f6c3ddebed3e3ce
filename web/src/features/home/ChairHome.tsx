/** The chair's home (WB9): the next meeting, its agenda and which cases are not prepared, and why. */
import type { HomeResponse } from '../../../../shared/api.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { casePath, Link, meetingPath } from '../../lib/router.js';
import { useHomeText } from './text.js';

export function ChairHome({ part }: { part: NonNullable<HomeResponse['chair']> }) {
  const tx = useHomeText();
  const { lang } = useI18n();
  const { meeting, agenda } = part;
  const unprepared = agenda.filter((a) => a.unprepared.length > 0).length;
  return (
    <section className="home-section" aria-labelledby="home-chair" data-testid="home-chair">
      <h2 id="home-chair">{tx('chairTitle')}</h2>
      {!meeting ? (
        <p>{tx('chairNone')}</p>
      ) : (
        <>
          <p className="home-meeting">
            <strong>{meeting.forum.name}</strong> · {formatDateTime(lang, meeting.startsAt)}
            {meeting.place && <> · {meeting.place}</>}
            {meeting.status === 'RUNNING' && <span className="tag tag--ok">{tx('chairRunning')}</span>}
          </p>
          <p>
            <Link href={meetingPath(meeting.id)} className="button" data-testid="home-chair-open">
              {tx('chairOpen')}
            </Link>
          </p>
          <h3>{tx('chairAgenda')}</h3>
          {agenda.length === 0 ? (
            <p>{tx('chairAgendaEmpty')}</p>
          ) : (
            <>
              <p data-testid="home-unprepared-count" className={unprepared > 0 ? 'home-warn' : undefined}>
                {unprepared > 0 ? tx('chairUnpreparedCount', { n: unprepared, total: agenda.length }) : tx('chairAllPrepared')}
              </p>
              <p className="hint" id="home-unprepared-hint">
                {tx('chairUnpreparedHint')}
              </p>
              <ol className="home-agenda" aria-describedby="home-unprepared-hint">
                {agenda.map((a) => (
                  <li key={a.caseId} className="home-agenda__item" data-testid="home-agenda-item" data-unprepared={a.unprepared.join(' ') || undefined}>
                    <Link href={casePath(a.caseId)} className="home-agenda__ref">
                      {tx('caseRef', { ref: a.reference })}
                    </Link>
                    <span className="home-agenda__desc">{a.description}</span>
                    <span className="muted">
                      {a.latestLevel === null ? tx('noLevel') : tx('level', { n: a.latestLevel })} · {tx('openActions', { n: a.openActions })} ·{' '}
                      {tx('minutes', { n: a.timeboxMinutes })}
                    </span>
                    <span className="home-agenda__tags">
                      {a.unprepared.length === 0 ? (
                        <span className="tag tag--ok">{tx('prepared')}</span>
                      ) : (
                        a.unprepared.map((r) => (
                          <span key={r} className="tag tag--danger" data-testid="home-unprepared-reason">
                            {tx(`reason.${r}`)}
                          </span>
                        ))
                      )}
                    </span>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
