/**
 * The HTTP API client. Cookies carry the session (same origin only); every
 * error body is `ApiError`, surfaced as an `ApiRequestError` with its code.
 */
import type { ApiError, DocumentSummary, MeResponse } from '../../../shared/api.js';

export class ApiRequestError extends Error {
  /** HTTP status, or 0 when the request never reached the server. */
  readonly status: number;
  /** The server's stable `error` code, or 'network' / 'http_<status>'. */
  readonly code: string;

  constructor(status: number, code: string, message?: string) {
    super(message ?? code);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
  }
}

export function isUnauthorized(err: unknown): boolean {
  return err instanceof ApiRequestError && err.status === 401;
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers, cache: 'no-store' };
  if (method !== 'GET') {
    // State-changing requests are always JSON: the server relies on it (with Origin) against CSRF.
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }

  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiRequestError(0, 'network');
  }

  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = data as Partial<ApiError> | undefined;
    const code = typeof err?.error === 'string' ? err.error : `http_${res.status}`;
    throw new ApiRequestError(res.status, code, typeof err?.message === 'string' ? err.message : undefined);
  }
  return data as T;
}

export const api = {
  login: (email: string, password: string) => request<MeResponse>('POST', '/api/auth/login', { email, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<MeResponse>('GET', '/api/auth/me'),
  documents: () => request<DocumentSummary[]>('GET', '/api/documents'),
};
