/**
 * "/": a home for each role (docs/SPEC.md, WB9-WB12), from GET /api/me/home. A user with several roles sees each
 * role's part, the chair's first; a health visitor's cases come before the general member part.
 */
import { usePageTitle } from '../../app/AppShell.js';
import { useMe } from '../../app/session.js';
import { useT } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useLoad } from '../../lib/useLoad.js';
import { AdminHome } from './AdminHome.js';
import { ChairHome } from './ChairHome.js';
import { HealthVisitorHome } from './HealthVisitorHome.js';
import { ManagementHome } from './ManagementHome.js';
import { MemberHome } from './MemberHome.js';
import { useHomeText } from './text.js';
import './home.css';

export function HomePage() {
  const tx = useHomeText();
  const t = useT();
  const me = useMe();
  usePageTitle(tx('title'));
  const home = useLoad(() => api.home(), 'home');
  const data = home.data;
  const nothing = data && !data.chair && !data.healthVisitor && !data.management && !data.admin && me.memberships.length === 0;

  return (
    <div className="page home" data-testid="home">
      <h1>{tx('title')}</h1>
      <p className="muted">{tx('greeting', { name: me.name })}</p>
      {home.status === 'loading' && !data && (
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      )}
      {home.status === 'error' && (
        <div className="alert alert--error" role="alert">
          <p>{tx('loadError')}</p>
          <button type="button" className="button button--secondary" onClick={home.reload}>
            {tx('retry')}
          </button>
        </div>
      )}
      {data && (
        <>
          {data.chair && <ChairHome part={data.chair} />}
          {data.healthVisitor && <HealthVisitorHome part={data.healthVisitor} />}
          {me.memberships.length > 0 && <MemberHome meetings={data.upcomingMeetings} />}
          {data.management && <ManagementHome part={data.management} />}
          {data.admin && <AdminHome />}
          {nothing && <p data-testid="home-no-role">{tx('noRole')}</p>}
        </>
      )}
    </div>
  );
}
