/**
 * The web's one API client (decision 0016): every call to the server goes through `api` (or `send` with a route of
 * shared/contract/routes.ts), typed by the contract, never by a type argument at the call site. The calls live by
 * area in lib/calls/; the core (fetch, errors, addresses) in lib/http.ts.
 */
import { accountCalls, authCalls, meCalls } from './calls/account.js';
import { adminCalls, keyFigureCalls } from './calls/admin.js';
import { caseCalls, privacyCalls, versionCalls } from './calls/cases.js';
import { familyCalls } from './calls/family.js';
import { forumCalls, handoverCalls, meetingCalls } from './calls/meetings.js';
import { parentCalls } from './calls/parents.js';
import { searchCalls } from './calls/search.js';

export { ApiRequestError, errorCode, errorStatus, isUnauthorized, routeUrl, send, type ApiErrorCode } from './http.js';
export type { ConcludeInput } from './calls/meetings.js';
export type { InviteInput } from './calls/parents.js';
export type { AuditQuery } from './calls/admin.js';

export const api = {
  ...authCalls,
  ...meCalls,
  ...forumCalls,
  ...caseCalls,
  ...meetingCalls,
  account: accountCalls,
  privacy: privacyCalls,
  versions: versionCalls,
  family: familyCalls,
  parents: parentCalls,
  search: searchCalls,
  handover: handoverCalls,
  admin: adminCalls,
  keyFigures: keyFigureCalls,
};
