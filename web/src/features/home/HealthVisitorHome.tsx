/** A health visitor's home (WB11), made for a phone: the cases to add notes to, each a large touch target. */
import type { HomeResponse } from '../../../../shared/api.js';
import { useI18n } from '../../i18n/index.js';
import { formatDay } from '../../lib/format.js';
import { casePath, Link } from '../../lib/router.js';
import { useHomeText } from './text.js';

export function HealthVisitorHome({ part }: { part: NonNullable<HomeResponse['healthVisitor']> }) {
  const tx = useHomeText();
  const { lang } = useI18n();
  return (
    <section className="home-section" aria-labelledby="home-notes" data-testid="home-notes">
      <h2 id="home-notes">{tx('notesTitle')}</h2>
      <p className="hint">{tx('notesHint')}</p>
      {part.cases.length === 0 ? (
        <p>{tx('notesNone')}</p>
      ) : (
        <ul className="home-list home-list--touch">
          {part.cases.map((c) => (
            <li key={c.id}>
              <Link href={casePath(c.id)} className="home-list__link" data-testid="home-note-case">
                <span className="home-list__main">{tx('notesAdd', { ref: c.reference })}</span>
                <span className="home-list__meta">
                  {c.description} · {c.forum.name}
                  {c.nextMeetingDay && <> · {tx('notesOnAgenda', { date: formatDay(lang, c.nextMeetingDay) })}</>}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
