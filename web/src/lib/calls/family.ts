/** The family's version of the plan and the drawings of the Three Houses (FA1-FA9). */
import type { FamilyPlanContent, House } from '../../../../shared/family.js';
import { routeUrl, send } from '../http.js';

const c = (caseId: string) => ({ caseId });
const drawing = (caseId: string, house: House) => ({ caseId, house });

export const familyCalls = {
  plan: (caseId: string) => send('GET /api/cases/:caseId/family/plan', { params: c(caseId) }),
  save: (caseId: string, content: FamilyPlanContent, revision: number | null) =>
    send('PUT /api/cases/:caseId/family/plan', { params: c(caseId), body: { content, revision } }),
  share: (caseId: string, revision: number) => send('POST /api/cases/:caseId/family/plan/share', { params: c(caseId), body: { revision } }),
  version: (caseId: string, meetingId: string) => send('GET /api/cases/:caseId/family/plan/versions/:meetingId', { params: { caseId, meetingId } }),
  /** The PDF of the current version, or of the version kept at a meeting (FA8). */
  pdfUrl: (caseId: string, meetingId?: string) => routeUrl('GET /api/cases/:caseId/family/plan.pdf', { params: c(caseId), query: { meetingId } }),
  drawings: (caseId: string) => send('GET /api/cases/:caseId/family/drawings', { params: c(caseId) }),
  /** The file's bytes as they are: the server reads the type from them and re-encodes the image (FA6). */
  uploadDrawing: (caseId: string, house: House, file: Blob) => send('PUT /api/cases/:caseId/family/drawings/:house', { params: drawing(caseId, house), file }),
  removeDrawing: (caseId: string, house: House) => send('DELETE /api/cases/:caseId/family/drawings/:house', { params: drawing(caseId, house) }),
};
