/**
 * Answers asked for before the app's code has arrived. early.ts, the first
 * script of every page, starts the requests the page a tab opens on needs
 * (the session, and on a meeting page the meeting) while the browser is still
 * fetching and compiling the app; the session provider and App take them
 * from here, once, instead of asking again. No React and nothing heavy: this
 * module is in the page's first, small script.
 */
const started = new Map<string, Promise<unknown>>();

/** Starts `load` now under `key` (once); nobody need take it (a 401 that no one reads is fine). */
export function prefetch(key: string, load: () => Promise<unknown>): void {
  if (started.has(key)) return;
  const p = load();
  p.catch(() => {}); // taken (or not) later
  started.set(key, p);
}

/** The request started under `key`, handed over once; undefined if none was. */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const p = started.get(key) as Promise<T> | undefined;
  started.delete(key);
  return p;
}

/** The keys shared by early.ts and the code that takes the answers. */
export const PREFETCH_ME = 'me';
export const prefetchMeetingKey = (meetingId: string) => `meeting-${meetingId}`;
