/**
 * The web's one API client (decision 0016): every call to the server goes through `api` (or `send` with a route of
 * shared/contract/routes.ts), typed by the contract, never by a type argument at the call site. The calls live by
 * area in lib/calls/; the core (fetch, errors, addresses) in lib/http.ts.
 */
import { accountCalls, authCalls, meCalls } from './calls/account.js';
import { adminCalls, keyFigureCalls } from './calls/admin.js';
import { caseCalls, privacyCalls } from './calls/cases.js';
import { forumCalls, handoverCalls, meetingCalls } from './calls/meetings.js';

export { ApiRequestError, errorCode, errorStatus, isUnauthorized, request, routeUrl, send, type ApiErrorCode } from './http.js';
export { versionsApi } from './calls/cases.js';
export type { ConcludeInput } from './calls/meetings.js';
export type { AuditQuery } from './calls/admin.js';

export const api = {
  ...authCalls,
  ...meCalls,
  ...forumCalls,
  ...caseCalls,
  ...meetingCalls,
  account: accountCalls,
  privacy: privacyCalls,
  handover: handoverCalls,
  admin: adminCalls,
  keyFigures: keyFigureCalls,
};
