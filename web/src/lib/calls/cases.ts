/** A case: its page, legal basis and identity (LB), health-only notes, the duty to report, closing, access log, access request, versions. */
import type { z } from 'zod';
import type { AccessRequestQuery } from '../../../../shared/contract/answers.js';
import type { identitySchema, reportDutySchema, setBasisSchema } from '../../../../shared/schemas/privacy.js';
import { routeUrl, send } from '../http.js';

export type SetBasisInput = z.input<typeof setBasisSchema>;
export type IdentityInput = z.input<typeof identitySchema>;
export type ReportDutyInput = z.input<typeof reportDutySchema>;

const c = (caseId: string) => ({ caseId });

export const caseCalls = {
  case: (caseId: string) => send('GET /api/cases/:caseId', { params: c(caseId) }),
};

export const privacyCalls = {
  privacy: (caseId: string) => send('GET /api/cases/:caseId/privacy', { params: c(caseId) }),
  setBasis: (caseId: string, body: SetBasisInput) => send('POST /api/cases/:caseId/basis', { params: c(caseId), body }),
  withdrawConsent: (caseId: string, withdrawnOn: string) => send('POST /api/cases/:caseId/consent/withdraw', { params: c(caseId), body: { withdrawnOn } }),
  setIdentity: (caseId: string, body: IdentityInput) => send('PUT /api/cases/:caseId/identity', { params: c(caseId), body }),
  createHealthNotes: (caseId: string) => send('POST /api/cases/:caseId/health-notes', { params: c(caseId) }),
  answerReportDuty: (caseId: string, body: ReportDutyInput) => send('POST /api/cases/:caseId/report-duty', { params: c(caseId), body }),
  close: (caseId: string) => send('POST /api/cases/:caseId/close', { params: c(caseId) }),
  accessLog: (caseId: string) => send('GET /api/cases/:caseId/access-log', { params: c(caseId) }),
  accessRequestUrl: (caseId: string, query: AccessRequestQuery) => routeUrl('GET /api/cases/:caseId/access-request', { params: c(caseId), query }),
};

/** A case meeting by meeting (VR2-VR3): its versions, one as it was, and what changed since the latest. */
export const versionCalls = {
  list: (caseId: string) => send('GET /api/cases/:caseId/versions', { params: c(caseId) }),
  version: (caseId: string, meetingId: string) => send('GET /api/cases/:caseId/versions/:meetingId', { params: { caseId, meetingId } }),
  changes: (caseId: string) => send('GET /api/cases/:caseId/changes', { params: c(caseId) }),
};
