/** /tilgaengelighed: the accessibility statement (WB19), open to everyone, linked from every page's footer. */
import { usePageTitle } from '../../app/AppShell.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { formatDay } from '../../lib/format.js';
import { Link } from '../../lib/router.js';
import { useLoad } from '../../lib/useLoad.js';
import { ENFORCEMENT_URL, STATEMENT_DATE, useAccessibilityText } from './text.js';

export const ACCESSIBILITY_PATH = '/tilgaengelighed';

export function AccessibilityPage() {
  const tx = useAccessibilityText();
  const { lang } = useI18n();
  usePageTitle(tx('footerLink'));
  const load = useLoad(() => api.accessibility(), 'accessibility');
  const info = load.data;
  const authority = info?.municipality ?? tx('authorityUnknown');
  const contact = info?.contact ?? null;
  const contactHref = contact && (contact.startsWith('https://') ? contact : `mailto:${contact}`);

  return (
    <div className="page page--narrow" data-testid="accessibility-page">
      <h1>{tx('title')}</h1>
      {load.status === 'error' && <p className="alert alert--error">{tx('loadError')}</p>}
      {info?.wasToolUrl && (
        <p data-testid="accessibility-wastool">
          {tx('published')}{' '}
          <a href={info.wasToolUrl} rel="noopener noreferrer">
            {tx('publishedLink')}
          </a>
        </p>
      )}
      <h2>{tx('authorityTitle')}</h2>
      <p data-testid="accessibility-authority">{tx('authority', { authority })}</p>
      <h2>{tx('siteTitle')}</h2>
      <p>{tx('site', { site: window.location.origin })}</p>
      <h2>{tx('statusTitle')}</h2>
      <p>{tx('status')}</p>
      <h2>{tx('issuesTitle')}</h2>
      <p>{tx('issuesIntro')}</p>
      <ul>
        <li>{tx('issuePdf')}</li>
        <li>{tx('issueCharts')}</li>
        <li>{tx('issueCollab')}</li>
        <li>{tx('issueDrawings')}</li>
      </ul>
      <h2>{tx('madeTitle')}</h2>
      <p data-testid="accessibility-date">{tx('made', { date: formatDay(lang, STATEMENT_DATE) })}</p>
      <h2>{tx('contactTitle')}</h2>
      {contact && contactHref ? (
        <p data-testid="accessibility-contact">
          {tx('contact')} <a href={contactHref}>{contact}</a>.
        </p>
      ) : (
        <p data-testid="accessibility-contact">{tx('contactUnknown', { authority })}</p>
      )}
      <h2>{tx('enforcementTitle')}</h2>
      <p>
        {tx('enforcement')}{' '}
        <a href={ENFORCEMENT_URL} rel="noopener noreferrer" data-testid="accessibility-enforcement">
          {tx('enforcementLink')}
        </a>
      </p>
    </div>
  );
}

/** The footer of every page (WB19): the link to the statement. */
export function SiteFooter() {
  const tx = useAccessibilityText();
  return (
    <footer className="app-footer">
      <Link href={ACCESSIBILITY_PATH} data-testid="footer-accessibility">
        {tx('footerLink')}
      </Link>
    </footer>
  );
}
