/** The page frame: skip link, header with navigation, language switch and logout, and <main>. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n, type Lang } from '../i18n/index.js';
import { SiteFooter } from '../features/accessibility/AccessibilityPage.js';
import { NotificationBell } from '../features/notifications/NotificationBell.js';
import { SearchBox } from '../features/search/SearchBox.js';
import { api } from '../lib/api.js';
import { Link, usePathname } from '../lib/router.js';
import { useSession } from './session.js';

export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { state, logout } = useSession();
  const mainRef = useRef<HTMLElement>(null);
  const pathname = usePathname();
  const firstRender = useRef(true);
  const [menuOpen, setMenuOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);

  // After an in-app navigation, move focus to the new content so screen readers announce it.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    setMenuOpen(false);
    mainRef.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="app-header">
        {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the phone menu (WB13); the button stays the control */}
        <div
          className="app-header__inner"
          data-menu-open={menuOpen ? 'true' : undefined}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && menuOpen) {
              setMenuOpen(false);
              toggleRef.current?.focus();
            }
          }}
        >
          <Link href="/" className="app-brand">
            {t('app.name')}
          </Link>
          {state.status === 'authenticated' && <NotificationBell />}
          <button
            type="button"
            className="app-menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="app-menu"
            data-testid="nav-toggle"
            ref={toggleRef}
            onClick={() => setMenuOpen((o) => !o)}
          >
            {t('app.menu')}
          </button>
          {/* On a phone (WB13) everything but the name, the bell and the menu button folds away behind the button. */}
          <div className="app-header__menu" id="app-menu">
            {state.status === 'authenticated' && (
              <nav aria-label={t('app.mainNav')} className="app-nav">
                <Link href="/" aria-current={pathname === '/' ? 'page' : undefined}>
                  {t('nav.home')}
                </Link>
                <Link href="/fora" aria-current={pathname === '/fora' || pathname.startsWith('/f/') ? 'page' : undefined}>
                  {t('nav.forums')}
                </Link>
                <Link href="/dokumenter" aria-current={pathname === '/dokumenter' || pathname.startsWith('/d/') ? 'page' : undefined}>
                  {t('nav.documents')}
                </Link>
                {state.me.municipalRoles.includes('ADMIN') && (
                  <Link href="/admin/brugere" aria-current={pathname.startsWith('/admin/') ? 'page' : undefined}>
                    {t('nav.admin')}
                  </Link>
                )}
                <Link href="/konto" aria-current={pathname === '/konto' ? 'page' : undefined}>
                  {t('nav.account')}
                </Link>
              </nav>
            )}
            <SearchBox />
            <div className="app-header__tools">
              <LanguageSwitch />
              {state.status === 'authenticated' && (
                <>
                  <span className="app-user">{t('auth.loggedInAs', { name: state.me.name })}</span>
                  <button type="button" className="button button--secondary" onClick={() => void logout()}>
                    {t('auth.logout')}
                  </button>
                </>
              )}
            </div>
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const { state } = useSession();
  const authenticated = state.status === 'authenticated';
  // WB15: the choice is kept on the account, so a reload (or another device) keeps it.
  const choose = (value: Lang) => {
    setLang(value);
    if (authenticated) api.saveLanguage(value).catch((err) => console.warn('language not saved', err));
  };
  const options: { value: Lang; label: string }[] = [
    { value: 'da', label: t('lang.da') },
    { value: 'en', label: t('lang.en') },
  ];
  return (
    <div role="group" aria-label={t('lang.label')} className="lang-switch">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          lang={o.value}
          aria-pressed={lang === o.value}
          className="lang-switch__option"
          onClick={() => choose(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Sets the window title. Never put document titles here: they end up in browser history. */
export function usePageTitle(title: string) {
  const { t } = useI18n();
  const full = `${title} – ${t('app.name')}`;
  useEffect(() => {
    document.title = full;
  }, [full]);
}
