/**
 * The HTTP API client. Cookies carry the session (same origin only); every
 * error body is `ApiError`, surfaced as an `ApiRequestError` with its code.
 * Paths carry only opaque ids (never case text).
 */
import type {
  ApiError,
  CaseDetail,
  CaseSummary,
  DocumentSummary,
  DocWritersResponse,
  ForumMember,
  ForumOverview,
  KeyFigures,
  MeResponse,
  MeetingDetail,
  MeetingSummary,
  MyTasks,
  NotificationView,
} from '../../../shared/api.js';

export class ApiRequestError extends Error {
  /** HTTP status, or 0 when the request never reached the server. */
  readonly status: number;
  /** The server's stable `error` code, or 'network' / 'http_<status>'. */
  readonly code: string;
  /** Extra fields of the error body (e.g. `itemId` of `case_not_concluded`). */
  readonly details: Record<string, unknown>;

  constructor(status: number, code: string, message?: string, details: Record<string, unknown> = {}) {
    super(message ?? code);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isUnauthorized(err: unknown): boolean {
  return err instanceof ApiRequestError && err.status === 401;
}

export function errorCode(err: unknown): string {
  return err instanceof ApiRequestError ? err.code : 'unknown';
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The one JSON client: same-origin cookies, JSON for every write, errors as ApiRequestError. */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
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
    const err = (data ?? {}) as Partial<ApiError> & Record<string, unknown>;
    const code = typeof err.error === 'string' ? err.error : `http_${res.status}`;
    throw new ApiRequestError(res.status, code, typeof err.message === 'string' ? err.message : undefined, err);
  }
  return data as T;
}

const enc = encodeURIComponent;

export const api = {
  login: (email: string, password: string, code?: string) =>
    request<MeResponse>('POST', '/api/auth/login', code ? { email, password, code } : { email, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<MeResponse>('GET', '/api/auth/me'),
  /** The user's own language (WB15). */
  saveLanguage: (language: 'da' | 'en') => request<{ language: string }>('PUT', '/api/me/language', { language }),
  documents: () => request<DocumentSummary[]>('GET', '/api/documents'),
  writers: (docName: string) => request<DocWritersResponse>('GET', `/api/documents/${enc(docName)}/writers`),

  tasks: () => request<MyTasks>('GET', '/api/me/tasks'),
  calendarFeed: () => request<{ url: string }>('POST', '/api/me/calendar-feed'),
  notifications: () => request<NotificationView[]>('GET', '/api/notifications'),
  markRead: (id: string) => request<void>('POST', `/api/notifications/${enc(id)}/read`),

  overview: (forumId: string) => request<ForumOverview>('GET', `/api/forums/${enc(forumId)}/overview`),
  members: (forumId: string) => request<ForumMember[]>('GET', `/api/forums/${enc(forumId)}/members`),
  cases: (forumId: string) => request<CaseSummary[]>('GET', `/api/forums/${enc(forumId)}/cases`),
  createCase: (forumId: string, description: string) =>
    request<CaseSummary>('POST', `/api/forums/${enc(forumId)}/cases`, { description }),
  meetings: (forumId: string) => request<MeetingSummary[]>('GET', `/api/forums/${enc(forumId)}/meetings`),
  createMeeting: (forumId: string, input: { startsAt: string; place?: string; videoLink?: string }) =>
    request<MeetingSummary>('POST', `/api/forums/${enc(forumId)}/meetings`, input),
  keyFigures: (forumId: string, from?: string, to?: string) => {
    const q = new URLSearchParams();
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    const qs = q.toString();
    return request<KeyFigures>('GET', `/api/forums/${enc(forumId)}/keyfigures${qs ? `?${qs}` : ''}`);
  },

  case: (caseId: string) => request<CaseDetail>('GET', `/api/cases/${enc(caseId)}`),

  meeting: (id: string) => request<MeetingDetail>('GET', `/api/meetings/${enc(id)}`),
  addAgendaItem: (id: string, caseId: string, timeboxMinutes: number) =>
    request<void>('POST', `/api/meetings/${enc(id)}/agenda`, { caseId, timeboxMinutes }),
  reorderAgenda: (id: string, itemIds: string[]) => request<void>('POST', `/api/meetings/${enc(id)}/agenda/reorder`, { itemIds }),
  updateAgendaItem: (id: string, itemId: string, patch: { timeboxMinutes?: number }) =>
    request<void>('PATCH', `/api/meetings/${enc(id)}/agenda/${enc(itemId)}`, patch),
  removeAgendaItem: (id: string, itemId: string) => request<void>('DELETE', `/api/meetings/${enc(id)}/agenda/${enc(itemId)}`),
  setParticipants: (id: string, userIds: string[], guestLabels: string[]) =>
    request<void>('PUT', `/api/meetings/${enc(id)}/participants`, { userIds, guestLabels }),
  start: (id: string) => request<void>('POST', `/api/meetings/${enc(id)}/start`),
  setCurrent: (id: string, itemId: string | null) => request<void>('POST', `/api/meetings/${enc(id)}/current`, { itemId }),
  conclude: (id: string, itemId: string, input: ConcludeInput) =>
    request<void>('POST', `/api/meetings/${enc(id)}/items/${enc(itemId)}/conclude`, input),
  close: (id: string) => request<void>('POST', `/api/meetings/${enc(id)}/close`),
};

/** Same shape as concludeItemSchema (shared/schemas/meetings.ts), kept zod-free for the bundle. */
export interface ConcludeInput {
  level: number;
  sosScale: number;
  outcome?: string;
  followUp: { dueDate: string; responsibleUserId: string } | null;
  noFollowUpReason?: string;
}

/** A case meeting by meeting (VR2-VR3): its versions, one as it was, and what changed since the latest. */
export const versionsApi = {
  list: (caseId: string) => request<import('../../../shared/api.js').CaseVersionList>('GET', `/api/cases/${enc(caseId)}/versions`),
  version: (caseId: string, meetingId: string) =>
    request<import('../../../shared/api.js').CaseVersionView>('GET', `/api/cases/${enc(caseId)}/versions/${enc(meetingId)}`),
  changes: (caseId: string) => request<import('../../../shared/api.js').CaseChanges>('GET', `/api/cases/${enc(caseId)}/changes`),
};
