/** The family routes (docs/SPEC.md, FA): the family's version of the plan and the drawings of the Three Houses. */
import type { DrawingMeta, FamilyPlanContent, FamilyPlanVersionView, FamilyPlanView, House } from '../../../../shared/family.js';
import { ApiRequestError, request } from '../../lib/api.js';

const enc = encodeURIComponent;
const base = (caseId: string) => `/api/cases/${enc(caseId)}/family`;

export const familyApi = {
  plan: (caseId: string) => request<FamilyPlanView>('GET', `${base(caseId)}/plan`),
  save: (caseId: string, content: FamilyPlanContent, revision: number | null) =>
    request<FamilyPlanView>('PUT', `${base(caseId)}/plan`, { content, revision }),
  share: (caseId: string, revision: number) => request<FamilyPlanView>('POST', `${base(caseId)}/plan/share`, { revision }),
  version: (caseId: string, meetingId: string) => request<FamilyPlanVersionView>('GET', `${base(caseId)}/plan/versions/${enc(meetingId)}`),
  pdfPath: (caseId: string) => `${base(caseId)}/plan.pdf`,
  drawings: (caseId: string) => request<{ drawings: Record<House, DrawingMeta | null> }>('GET', `${base(caseId)}/drawings`),
  removeDrawing: (caseId: string, house: House) => request<void>('DELETE', `${base(caseId)}/drawings/${house}`),
  /** The file's bytes as they are: the server reads the type from them and re-encodes the image (FA6). */
  async uploadDrawing(caseId: string, house: House, file: Blob): Promise<DrawingMeta> {
    let res: Response;
    try {
      res = await fetch(`${base(caseId)}/drawings/${house}`, {
        method: 'PUT',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
        body: file,
      });
    } catch {
      throw new ApiRequestError(0, 'network');
    }
    const data = (await res.json().catch(() => ({}))) as { error?: string } & Partial<DrawingMeta>;
    if (!res.ok) throw new ApiRequestError(res.status, data.error ?? `http_${res.status}`);
    return data as DrawingMeta;
  },
};

/** The family page's address: /c/<caseId>/familie (ids only). */
export const familyPlanPath = (caseId: string) => `/c/${enc(caseId)}/familie`;
