/** A member's home (WB10): upcoming meetings of their forums, their tasks and follow-ups. */
import type { HomeMeeting } from '../../../../shared/api.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { Link, meetingPath } from '../../lib/router.js';
import { CalendarTools, TaskList } from '../tasks/TasksPage.js';
import { useHomeText } from './text.js';

export function MemberHome({ meetings }: { meetings: HomeMeeting[] }) {
  const tx = useHomeText();
  const { lang } = useI18n();
  return (
    <>
      <section className="home-section" aria-labelledby="home-upcoming" data-testid="home-upcoming">
        <h2 id="home-upcoming">{tx('upcomingTitle')}</h2>
        {meetings.length === 0 ? (
          <p>{tx('upcomingNone')}</p>
        ) : (
          <ul className="home-list">
            {meetings.map((m) => (
              <li key={m.id} data-testid="home-meeting">
                <Link href={meetingPath(m.id)} className="home-list__link">
                  <span className="home-list__main">{formatDateTime(lang, m.startsAt)}</span>
                  <span className="home-list__meta">
                    {m.forum.name} · {tx('items', { n: m.itemCount })}
                    {m.place && <> · {m.place}</>}
                  </span>
                </Link>
                {m.status === 'RUNNING' && <span className="tag tag--ok">{tx('running')}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="home-section" aria-labelledby="home-tasks" data-testid="home-tasks">
        <div className="page-head">
          <h2 id="home-tasks">{tx('tasksTitle')}</h2>
          <CalendarTools />
        </div>
        <TaskList />
      </section>
    </>
  );
}
