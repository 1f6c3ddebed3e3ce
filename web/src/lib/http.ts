/**
 * The one HTTP client's core (decision 0016): a call names its route as the server mounts it ('GET /api/…'), and
 * shared/contract/routes.ts types its params, body, query and answer. Cookies carry the session (same origin only);
 * every write is JSON (the server relies on it, with Origin, against CSRF), except an upload: a file's bytes to a
 * route of the table that takes a `file` (which checks Origin and its own body limit). Every failure is an
 * ApiRequestError with a code of the shared union (shared/errors.ts). Paths and queries carry opaque ids, dates and
 * choices only, never case text.
 */
import type { RouteInput } from '../../../shared/contract/paths.js';
import type { RouteKey, Routes } from '../../../shared/contract/routes.js';
import { isErrorCode, type ApiErrorCode } from '../../../shared/errors.js';

export type { ApiErrorCode };

export class ApiRequestError extends Error {
  /** HTTP status, or 0 when the request never reached the server. */
  readonly status: number;
  /** The server's `error` code; 'network' without an answer; 'unknown' for an answer without a code of the union. */
  readonly code: ApiErrorCode;
  /** Extra fields of the error body (e.g. `fields` of `invalid_input`, `itemId` of `case_not_concluded`). */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message?: string, details: Record<string, unknown> = {}) {
    const known: ApiErrorCode = isErrorCode(code) || code === 'network' ? code : 'unknown';
    super(message ?? known);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = known;
    this.details = details;
  }
}

export const isUnauthorized = (err: unknown): boolean => err instanceof ApiRequestError && err.status === 401;
/** The code of a failed call ('unknown' for anything that is not an ApiRequestError). */
export const errorCode = (err: unknown): ApiErrorCode => (err instanceof ApiRequestError ? err.code : 'unknown');
export const errorStatus = (err: unknown): number => (err instanceof ApiRequestError ? err.status : 0);

type Input<K extends RouteKey> = RouteInput<K, Routes[K]>;
/** The input may be left out when the route takes nothing (no params, body or query). */
export type Args<K extends RouteKey> = object extends Input<K> ? [input?: Input<K>] : [input: Input<K>];

/** The route's address: its path with the ids put in, and its query without the parts left out. */
export function routeUrl<K extends RouteKey>(route: K, ...[input]: Args<K>): string {
  const { params, query } = (input ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown> };
  const path = route.slice(route.indexOf(' ') + 1).replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ''));
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The error a failed answer stands for, read from its JSON body when it has one. */
export async function errorOf(res: Response): Promise<ApiRequestError> {
  const data: unknown = await res.json().catch(() => undefined);
  const body = (data !== null && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  return new ApiRequestError(res.status, typeof body.error === 'string' ? body.error : '', typeof body.message === 'string' ? body.message : undefined, body);
}

/** What a call sends: nothing (GET), its JSON body, or a file's bytes as they are (an upload). */
type Payload = { json: unknown } | { file: Blob } | null;

async function exchange(method: string, url: string, payload: Payload): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers, cache: 'no-store' };
  if (payload && 'file' in payload) {
    headers['Content-Type'] = 'application/octet-stream';
    init.body = payload.file;
  } else if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(payload?.json ?? {});
  }
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiRequestError(0, 'network');
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return null;
  return res.json().catch(() => {
    throw new ApiRequestError(res.status, 'unknown');
  });
}

/**
 * Calls a route of the contract; resolves to its answer (null for a 204). A route with a `file` (an upload) sends
 * the file's bytes as they are (application/octet-stream); every other write sends its body as JSON.
 */
export function send<K extends RouteKey>(route: K, ...args: Args<K>): Promise<Routes[K]['res']> {
  const input = args[0] as { body?: unknown; file?: Blob } | undefined;
  const payload: Payload = input?.file !== undefined ? { file: input.file } : { json: input?.body };
  return exchange(route.slice(0, route.indexOf(' ')), routeUrl(route, ...args), payload) as Promise<Routes[K]['res']>;
}
