/**
 * The first script of every page (vite.config.ts puts it into index.html, `async`, before the app's). The app's
 * code is the largest thing a cold load waits for (React and the shell, ~70 KB gzip, then compiled and run), and
 * only after it ran did the page ask the server who is logged in and what the page shows. This script is half a
 * kilobyte, imports nothing (so it runs the moment it has arrived) and asks at once, in parallel with the app's
 * download: the session, and on a meeting page (the page people open in the room, in a hurry) the meeting, and it
 * tells the browser to fetch the meeting page's code too (its files are written in at build time). The app takes
 * the answers through app/prefetch.ts, which reads them like every other answer (lib/http.ts).
 */
const w = window as unknown as { __samraadEarly?: Map<string, Promise<Response>> };
const early = new Map<string, Promise<Response>>();
w.__samraadEarly = early;
// The requests as lib/http.ts makes a GET: same origin, JSON, never from the HTTP cache.
const get = (url: string) => fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
const path = window.location.pathname;
// The parent's page and the accessibility statement need no member session, and the login page has none
// (lib/router.tsx: /foraelder, /tilgaengelighed, /login).
if (!/^\/(login|foraelder|tilgaengelighed)$/.test(path)) early.set('me', get('/api/auth/me'));
const meeting = /^\/m\/([^/]+)\/?$/.exec(path); // lib/router.tsx: the meeting route
if (meeting) {
  try {
    const id = decodeURIComponent(meeting[1]!);
    early.set(`meeting-${id}`, get(`/api/meetings/${encodeURIComponent(id)}`));
  } catch {
    // a malformed address: the app says so
  }
  try {
    // The meeting page's code: its files are written in by the build (vite.config.ts); in development this throws.
    const files: unknown = JSON.parse('__SAMRAAD_MEETING_CODE__');
    for (const file of Array.isArray(files) ? files : []) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = `/${String(file)}`;
      document.head.appendChild(link);
    }
  } catch {
    // development: the app fetches the code when it gets there
  }
}
