/** Routes, guarded by the session: anonymous users see only the login page. */
import { useEffect, type ReactNode } from 'react';
import { AccessibilityPage } from '../features/accessibility/AccessibilityPage.js';
import { useT } from '../i18n/index.js';
import { api } from '../lib/api.js';
import { lazyPage, type LazyPage } from '../lib/lazyPage.js';
import { loadEarly } from '../lib/useLoad.js';
import { meetingLoadKey } from '../features/meeting/loadKey.js';
import { navigate, usePathname, matchRoute } from '../lib/router.js';
import { AppShell, usePageTitle } from './AppShell.js';
import { prefetchMeetingKey, takePrefetched } from './prefetch.js';
import { rememberReturnPath, takeReturnPath, useSession } from './session.js';

// Every page is fetched on demand, so the first script holds only the shell (React, session, header): the page a
// tab opens on is fetched at once, beside it (OPENING_PAGE below).
const loginPage = lazyPage(() => import('../features/auth/LoginPage.js').then((m) => m.LoginPage));
const homePage = lazyPage(() => import('../features/home/HomePage.js').then((m) => m.HomePage));
const forumsPage = lazyPage(() => import('../features/forums/ForumsPage.js').then((m) => m.ForumsPage));
const forumPage = lazyPage(() => import('../features/forums/ForumPage.js').then((m) => m.ForumPage));
const documentsPage = lazyPage(() => import('../features/documents/DocumentsPage.js').then((m) => m.DocumentsPage));
const searchPage = lazyPage(() => import('../features/search/SearchPage.js').then((m) => m.SearchPage));
const LoginPage = loginPage.Page;
const HomePage = homePage.Page;
const ForumsPage = forumsPage.Page;
const ForumPage = forumPage.Page;
const DocumentsPage = documentsPage.Page;
const SearchPage = searchPage.Page;

// The editor (ProseMirror, Yjs) is the heaviest part: load it only when a document is opened.
const documentPage = lazyPage(() => import('../features/document/DocumentPage.js').then((m) => m.default));
// The meeting page fetches the editors' chunk after its agenda is shown; the case page needs it at once.
const meetingPage = lazyPage(() => import('../features/meeting/MeetingPage.js').then((m) => m.default));
const casePage = lazyPage(() => import('../features/case/CasePage.js').then((m) => m.default));
const familyPlanPage = lazyPage(() => import('../features/family/FamilyPlanPage.js').then((m) => m.default));
const keyFiguresPage = lazyPage(() => import('../features/keyfigures/KeyFiguresPage.js').then((m) => m.default));
const adminArea = lazyPage(() => import('../features/admin/AdminArea.js').then((m) => m.default));
const adminUsersPage = lazyPage(() => import('../features/admin/index.js').then((m) => m.AdminUsersPage));
const adminForumsPage = lazyPage(() => import('../features/admin/index.js').then((m) => m.AdminForumsPage));
const settingsPage = lazyPage(() => import('../features/admin/index.js').then((m) => m.SettingsPage));
const auditPage = lazyPage(() => import('../features/admin/index.js').then((m) => m.AuditPage));
const jobsPage = lazyPage(() => import('../features/admin/jobs/JobsPage.js').then((m) => m.JobsPage));
const accountPage = lazyPage(() => import('../features/account/AccountPage.js').then((m) => m.AccountPage));
const parentPage = lazyPage(() => import('../features/parents/ParentPage.js').then((m) => m.default));
const DocumentPage = documentPage.Page;
const MeetingPage = meetingPage.Page;
const CasePage = casePage.Page;
const FamilyPlanPage = familyPlanPage.Page;
const KeyFiguresPage = keyFiguresPage.Page;
const AdminArea = adminArea.Page;
const AdminUsersPage = adminUsersPage.Page;
const AdminForumsPage = adminForumsPage.Page;
const SettingsPage = settingsPage.Page;
const AuditPage = auditPage.Page;
const JobsPage = jobsPage.Page;
const AccountPage = accountPage.Page;
const ParentPage = parentPage.Page;

/** The code of the page a tab opens on is fetched at once, while the session is checked. */
const OPENING_PAGE: Partial<Record<ReturnType<typeof matchRoute>['name'], Pick<LazyPage<never>, 'preload'>[]>> = {
  login: [loginPage],
  tasks: [homePage],
  forums: [forumsPage],
  forum: [forumPage],
  documents: [documentsPage],
  search: [searchPage],
  document: [documentPage],
  meeting: [meetingPage],
  case: [casePage],
  keyFigures: [keyFiguresPage],
  adminUsers: [adminArea, adminUsersPage],
  adminForums: [adminArea, adminForumsPage],
  audit: [adminArea, auditPage],
  adminSettings: [adminArea, settingsPage],
  adminJobs: [adminArea, jobsPage],
  account: [accountPage],
  parent: [parentPage],
};
const opening = matchRoute(window.location.pathname);
for (const page of OPENING_PAGE[opening.name] ?? []) page.preload().catch(() => {}); // shown when rendered
// The meeting is the page people open in the room, in a hurry: its data was asked for by early.ts, before this
// code arrived (or is asked for now, if that script did not run).
if (opening.name === 'meeting') {
  const { meetingId } = opening;
  loadEarly(meetingLoadKey(meetingId), () => takePrefetched(prefetchMeetingKey(meetingId)) ?? api.meeting(meetingId));
}

export function App() {
  const { state } = useSession();
  const pathname = usePathname();
  const route = matchRoute(pathname);
  const t = useT();

  // A parent (PA2) signs in on their own page, with or without a member's session; the accessibility statement
  // (WB19) is for everyone.
  const needsLogin = state.status === 'anonymous' && route.name !== 'login' && route.name !== 'parent' && route.name !== 'accessibility';
  const leaveLogin = state.status === 'authenticated' && route.name === 'login';

  useEffect(() => {
    if (needsLogin) {
      if (state.status === 'anonymous' && state.notice !== 'loggedOut') rememberReturnPath(pathname);
      navigate('/login', { replace: true });
    } else if (leaveLogin) {
      navigate(takeReturnPath(), { replace: true });
    }
  }, [needsLogin, leaveLogin, pathname, state]);

  if (route.name === 'parent') return <ParentPage />;
  if (route.name === 'accessibility' && state.status !== 'loading') {
    return (
      <AppShell>
        <AccessibilityPage />
      </AppShell>
    );
  }
  if (state.status === 'loading' || needsLogin || leaveLogin) {
    return (
      <AppShell>
        <p className="status-text" role="status">
          {t('app.loading')}
        </p>
      </AppShell>
    );
  }

  let page: ReactNode;
  switch (route.name) {
    case 'login':
      page = <LoginPage />;
      break;
    case 'tasks':
      page = <HomePage />;
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
    case 'familyPlan':
      page = <FamilyPlanPage key={route.caseId} caseId={route.caseId} />;
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
    case 'adminJobs':
      page = <AdminArea page={<JobsPage />} />;
      break;
    case 'account':
      page = <AccountPage />;
      break;
    case 'search':
      page = <SearchPage />;
      break;
    default:
      page = <NotFound />;
  }

  return <AppShell>{page}</AppShell>;
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
