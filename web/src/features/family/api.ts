/** The family page's address: /c/<caseId>/familie (ids only). Its calls are `api.family` (web/src/lib/calls/family.ts). */
export const familyPlanPath = (caseId: string) => `/c/${encodeURIComponent(caseId)}/familie`;
