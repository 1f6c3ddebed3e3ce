/** The administrator's home (WB12): users, forums, settings, jobs and the access log. */
import { Link } from '../../lib/router.js';
import { useHomeText } from './text.js';

export function AdminHome() {
  const tx = useHomeText();
  const links = [
    ['/admin/brugere', tx('adminUsers')],
    ['/admin/fora', tx('adminForums')],
    ['/admin/indstillinger', tx('adminSettings')],
    ['/admin/job', tx('adminJobs')],
    ['/admin/log', tx('adminAudit')],
  ] as const;
  return (
    <section className="home-section" aria-labelledby="home-admin" data-testid="home-admin">
      <h2 id="home-admin">{tx('adminTitle')}</h2>
      <ul className="home-list home-list--grid">
        {links.map(([href, label]) => (
          <li key={href}>
            <Link href={href} className="home-list__link" data-testid="home-admin-link">
              <span className="home-list__main">{label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
