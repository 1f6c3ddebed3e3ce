/** Routes, guarded by the session: anonymous users see only the login page. */
import { lazy, Suspense, useEffect } from 'react';
import { LoginPage } from '../features/auth/LoginPage.js';
import { DocumentsPage } from '../features/documents/DocumentsPage.js';
import { ForumPage } from '../features/forums/ForumPage.js';
import { ForumsPage } from '../features/forums/ForumsPage.js';
import { TasksPage } from '../features/tasks/TasksPage.js';
import { useT } from '../i18n/index.js';
import { navigate, usePathname, matchRoute } from '../lib/router.js';
import { AppShell, usePageTitle } from './AppShell.js';
import { rememberReturnPath, takeReturnPath, useSession } from './session.js';

// The editor (ProseMirror, Yjs) is the heaviest part: load it only when a document is opened.
const DocumentPage = lazy(() => import('../features/document/DocumentPage.js'));
// The meeting and the case share the Yjs/ProseMirror chunk; key figures are their own.
const MeetingPage = lazy(() => import('../features/meeting/MeetingPage.js'));
const CasePage = lazy(() => import('../features/case/CasePage.js'));
const KeyFiguresPage = lazy(() => import('../features/keyfigures/KeyFiguresPage.js'));
const AdminArea = lazy(() => import('../features/admin/AdminArea.js'));
const AdminUsersPage = lazy(() => import('../features/admin/index.js').then((m) => ({ default: m.AdminUsersPage })));
const AdminForumsPage = lazy(() => import('../features/admin/index.js').then((m) => ({ default: m.AdminForumsPage })));
const SettingsPage = lazy(() => import('../features/admin/index.js').then((m) => ({ default: m.SettingsPage })));
const AuditPage = lazy(() => import('../features/admin/index.js').then((m) => ({ default: m.AuditPage })));
const AccountPage = lazy(() => import('../features/account/AccountPage.js').then((m) => ({ default: m.AccountPage })));

export function App() {
  const { state } = useSession();
  const pathname = usePathname();
  const route = matchRoute(pathname);
  const t = useT();

  const needsLogin = state.status === 'anonymous' && route.name !== 'login';
  const leaveLogin = state.status === 'authenticated' && route.name === 'login';

  useEffect(() => {
    if (needsLogin) {
      if (state.status === 'anonymous' && state.notice !== 'loggedOut') rememberReturnPath(pathname);
      navigate('/login', { replace: true });
    } else if (leaveLogin) {
      navigate(takeReturnPath(), { replace: true });
    }
  }, [needsLogin, leaveLogin, pathname, state]);

  if (state.status === 'loading' || needsLogin || leaveLogin) {
    return (
      <AppShell>
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      </AppShell>
    );
  }

  let page;
  switch (route.name) {
    case 'login':
      page = <LoginPage />;
      break;
    case 'tasks':
      page = <TasksPage />;
      break;
    case 'forums':
      page = <ForumsPage />;
      break;
    case 'forum':
      page = <ForumPage key={route.forumId} forumId={route.forumId} />;
      break;
    case 'keyFigures':
      page = <KeyFiguresPage key={route.forumId} forumId={route.forumId} />;
      break;
    case 'meeting':
      page = <MeetingPage key={route.meetingId} meetingId={route.meetingId} />;
      break;
    case 'case':
      page = <CasePage key={route.caseId} caseId={route.caseId} />;
      break;
    case 'documents':
      page = <DocumentsPage />;
      break;
    case 'document':
      page = <DocumentPage key={route.docName} docName={route.docName} />;
      break;
    case 'adminUsers':
      page = <AdminArea page={<AdminUsersPage />} />;
      break;
    case 'adminForums':
      page = <AdminArea page={<AdminForumsPage />} />;
      break;
    case 'audit':
      page = <AdminArea page={<AuditPage />} />;
      break;
    case 'adminSettings':
      page = <AdminArea page={<SettingsPage />} />;
      break;
    case 'account':
      page = <AccountPage />;
      break;
    default:
      page = <NotFound />;
  }

  return (
    <AppShell>
      <Suspense
        fallback={
          <p className="status-text" role="status">
            {t('app.loading')}
          </p>
        }
      >
        {page}
      </Suspense>
    </AppShell>
  );
}

function NotFound() {
  const t = useT();
  usePageTitle(t('app.notFound'));
  return (
    <div className="page">
      <h1>{t('app.notFound')}</h1>
    </div>
  );
}
