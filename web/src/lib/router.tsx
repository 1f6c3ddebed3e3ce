/**
 * A small router on the History API. URLs carry only opaque ids, never
 * personal data, and no state is written to history entries.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export type Route =
  | { name: 'login' }
  | { name: 'tasks' }
  | { name: 'forums' }
  | { name: 'forum'; forumId: string }
  | { name: 'keyFigures'; forumId: string }
  | { name: 'meeting'; meetingId: string }
  | { name: 'case'; caseId: string }
  | { name: 'familyPlan'; caseId: string }
  | { name: 'documents' }
  | { name: 'document'; docName: string }
  | { name: 'adminUsers' }
  | { name: 'adminForums' }
  | { name: 'audit' }
  | { name: 'adminSettings' }
  | { name: 'adminJobs' }
  | { name: 'account' }
  | { name: 'parent' }
  | { name: 'search' }
  | { name: 'accessibility' }
  | { name: 'notFound' };

const PATTERNS: Array<[RegExp, (id: string) => Route]> = [
  [/^\/f\/([^/]+)\/noegletal\/?$/, (forumId) => ({ name: 'keyFigures', forumId })],
  [/^\/f\/([^/]+)\/?$/, (forumId) => ({ name: 'forum', forumId })],
  [/^\/m\/([^/]+)\/?$/, (meetingId) => ({ name: 'meeting', meetingId })],
  [/^\/c\/([^/]+)\/?$/, (caseId) => ({ name: 'case', caseId })],
  [/^\/c\/([^/]+)\/familie\/?$/, (caseId) => ({ name: 'familyPlan', caseId })],
  [/^\/d\/([^/]+)\/?$/, (docName) => ({ name: 'document', docName })],
];

export function matchRoute(pathname: string): Route {
  if (pathname === '/login') return { name: 'login' };
  if (pathname === '/' || pathname === '') return { name: 'tasks' };
  if (pathname === '/fora' || pathname === '/fora/') return { name: 'forums' };
  if (pathname === '/dokumenter' || pathname === '/dokumenter/') return { name: 'documents' };
  if (pathname === '/admin/brugere') return { name: 'adminUsers' };
  if (pathname === '/admin/fora') return { name: 'adminForums' };
  if (pathname === '/admin/log') return { name: 'audit' };
  if (pathname === '/admin/indstillinger') return { name: 'adminSettings' };
  if (pathname === '/admin/job') return { name: 'adminJobs' };
  if (pathname === '/konto') return { name: 'account' };
  if (pathname === '/foraelder') return { name: 'parent' };
  if (pathname === '/soeg') return { name: 'search' };
  // The municipality's key figures (KF9): the key figures page with the scope 'kommune' (no forum id is that).
  if (pathname === '/noegletal' || pathname === '/noegletal/') return { name: 'keyFigures', forumId: 'kommune' };
  if (pathname === '/tilgaengelighed') return { name: 'accessibility' };
  for (const [re, make] of PATTERNS) {
    const m = re.exec(pathname);
    if (!m) continue;
    try {
      return make(decodeURIComponent(m[1]!));
    } catch {
      return { name: 'notFound' };
    }
  }
  return { name: 'notFound' };
}

const enc = encodeURIComponent;
export const documentPath = (docName: string) => `/d/${enc(docName)}`;
export const forumPath = (forumId: string) => `/f/${enc(forumId)}`;
export const keyFiguresPath = (forumId: string) => `/f/${enc(forumId)}/noegletal`;
export const meetingPath = (meetingId: string) => `/m/${enc(meetingId)}`;
export const casePath = (caseId: string) => `/c/${enc(caseId)}`;

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

const getPath = () => window.location.pathname;

export function navigate(path: string, { replace = false } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  notify();
}

/** The current pathname; re-renders on navigation. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, getPath, getPath);
}

export function useRoute(): Route {
  return matchRoute(usePathname());
}

/** An ordinary link that navigates in-app on a plain left click. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
