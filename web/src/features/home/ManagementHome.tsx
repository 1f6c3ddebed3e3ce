/** Management's home (WB12): links to the key figures across the municipality and per forum. */
import type { HomeResponse } from '../../../../shared/api.js';
import { keyFiguresPath, Link } from '../../lib/router.js';
import { useHomeText } from './text.js';

/** The municipality's key figures page (built by the key figures feature). */
export const MUNICIPAL_KEY_FIGURES_PATH = '/noegletal';

export function ManagementHome({ part }: { part: NonNullable<HomeResponse['management']> }) {
  const tx = useHomeText();
  return (
    <section className="home-section" aria-labelledby="home-management" data-testid="home-management">
      <h2 id="home-management">{tx('managementTitle')}</h2>
      <ul className="home-list home-list--touch">
        <li>
          <Link href={MUNICIPAL_KEY_FIGURES_PATH} className="home-list__link" data-testid="home-keyfigures-municipality">
            <span className="home-list__main">{tx('managementMunicipality')}</span>
          </Link>
        </li>
      </ul>
      {part.forums.length > 0 && (
        <>
          <h3>{tx('managementPerForum')}</h3>
          <ul className="home-list">
            {part.forums.map((f) => (
              <li key={f.id}>
                <Link href={keyFiguresPath(f.id)} className="home-list__link" data-testid="home-keyfigures-forum">
                  <span className="home-list__main">{f.name}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
