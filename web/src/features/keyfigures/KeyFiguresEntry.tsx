/**
 * The way to the key figures (KF9) on Fora: for municipal management the whole municipality (its forums are
 * chosen on the page), for a forum's chair that forum. Nothing for anyone else. (The home page has its own,
 * features/home/ManagementHome.tsx.) Small on purpose: the key figures page is loaded on its own.
 */
import { useMe } from '../../app/session.js';
import { keyFiguresPath, Link } from '../../lib/router.js';
import { MUNICIPALITY_PATH } from './format.js';
import { useKfText } from './text.js';

export function KeyFiguresEntry() {
  const me = useMe();
  const tx = useKfText();
  const management = me.municipalRoles.includes('MANAGEMENT');
  // A chair reads the figures of a forum whose cases they may read (police: SSP only, A4).
  const chairOf = me.memberships.filter((m) => m.role === 'CHAIR' && (m.sector !== 'POLITI' || m.forumType === 'SSP'));
  if (!management && chairOf.length === 0) return null;
  return (
    <section className="panel kf-entry" aria-labelledby="kf-entry-title" data-testid="keyfigures-entry">
      <h2 id="kf-entry-title" className="panel__title">
        {tx('entryTitle')}
      </h2>
      <p className="muted">{tx('entryIntro')}</p>
      <ul className="plain-list">
        {management && (
          <li>
            <Link href={MUNICIPALITY_PATH} data-testid="keyfigures-entry-municipality">
              {tx('entryMunicipality')}
            </Link>
          </li>
        )}
        {chairOf.map((m) => (
          <li key={m.forumId}>
            <Link href={keyFiguresPath(m.forumId)} data-testid="keyfigures-entry-forum">
              {tx('entryForum', { name: m.forumName })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
