/** The administration's own navigation: users, forums, audit log. */
import { Link, usePathname } from '../../lib/router.js';
import { useJobsText } from './jobs/text.js';
import { useAdminText } from './text.js';

export function AdminNav() {
  const tx = useAdminText();
  const jtx = useJobsText();
  const pathname = usePathname();
  const links: Array<[string, string]> = [
    ['/admin/brugere', tx('usersTitle')],
    ['/admin/fora', tx('forumsTitle')],
    ['/admin/log', tx('auditTitle')],
    ['/admin/indstillinger', tx('settingsNav')],
    ['/admin/job', jtx('nav')],
  ];
  return (
    <nav aria-label="Administration" className="subnav">
      {links.map(([href, label]) => (
        <Link key={href} href={href} aria-current={pathname === href ? 'page' : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
