/**
 * Answers asked for before the app's code arrived. early.ts, the first script
 * of every page, starts the requests the page a tab opens on needs (the
 * session, and on a meeting page the meeting) while the browser is still
 * fetching and compiling the app, and leaves them on `window`; the session
 * provider and App take them from here, once, read as lib/http.ts reads every
 * answer, instead of asking again.
 */
import { ApiRequestError, errorOf } from '../lib/http.js';

/** The keys early.ts uses. */
export const PREFETCH_ME = 'me';
export const prefetchMeetingKey = (meetingId: string) => `meeting-${meetingId}`;

/** The answer early.ts asked for under `key`, handed over once; undefined if it asked none. */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const early = (window as unknown as { __samraadEarly?: Map<string, Promise<Response>> }).__samraadEarly;
  const started = early?.get(key);
  if (!started) return undefined;
  early!.delete(key);
  return read<T>(started);
}

/** A GET's answer as lib/http.ts gives it: the JSON, or an ApiRequestError (0 'network' without an answer). */
async function read<T>(started: Promise<Response>): Promise<T> {
  let res: Response;
  try {
    res = await started;
  } catch {
    throw new ApiRequestError(0, 'network');
  }
  if (!res.ok) throw await errorOf(res);
  return (await res.json().catch(() => {
    throw new ApiRequestError(res.status, 'unknown');
  })) as T;
}
