/**
 * The first script of every page (index.html lists it before the app). The
 * app's code is the largest thing a cold load waits for (React and the pages,
 * ~100 KB gzip, then compiled and run), and only after it ran did the page ask
 * the server who is logged in and what the page shows. This script is a few
 * hundred bytes and asks at once, in parallel with the app's download: the
 * session, and on a meeting page the meeting (the page people open in the
 * room, in a hurry). The app takes the answers from app/prefetch.ts. It
 * imports nothing with React in it (lib/routes.ts, not lib/router.tsx).
 */
import { PREFETCH_ME, prefetch, prefetchMeetingKey } from './app/prefetch.js';
import { send } from './lib/http.js';
import { matchRoute } from './lib/routes.js';

const route = matchRoute(window.location.pathname);
// The parent's page and the accessibility statement need no member session, and the login page has none.
if (route.name !== 'parent' && route.name !== 'login' && route.name !== 'accessibility') prefetch(PREFETCH_ME, () => send('GET /api/auth/me'));
if (route.name === 'meeting') {
  const { meetingId } = route;
  prefetch(prefetchMeetingKey(meetingId), () => send('GET /api/meetings/:meetingId', { params: { meetingId } }));
}
// The meeting page's code, too: its fetch would otherwise start only once the app's script has run.
if (route.name === 'meeting') import('./features/meeting/MeetingPage.js').catch(() => {});
