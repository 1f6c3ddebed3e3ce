/** The parents' HTTP answers as the web reads them (the server's are in server/features/parents/types.ts). */
import type { FamilyPlanContent, House } from '../../../../shared/family.js';
import { request } from '../../lib/api.js';

export type ParentRoleName = 'CUSTODY_HOLDER' | 'YOUNG_PERSON';
/** The invitation's language (PA11). */
export type ParentLanguage = 'da' | 'en';

export interface InvitationView {
  id: string;
  name: string;
  email: string;
  role: ParentRoleName;
  meetingId: string | null;
  expiresAt: string;
  status: 'open' | 'expired' | 'revoked';
  language: ParentLanguage;
  /** PA10: who signed in with MitID on it (the name the broker verified) and when. */
  mitid: { name: string | null; at: string } | null;
  words: { text: string; at: string } | null;
  answers: Array<{ revision: number; accepted: boolean; comment: string | null; at: string }>;
  consents: Array<{ given: boolean; scope: string; at: string }>;
}

export interface ParentView {
  invitation: { name: string; role: ParentRoleName; expiresAt: string; language: ParentLanguage };
  municipality: string;
  forumName: string;
  shared: { revision: number; at: string; content: FamilyPlanContent } | null;
  houses: { worries: string; good: string; dreams: string; drawings: Record<House, { url: string; width: number; height: number } | null> } | null;
  nextMeeting: { startsAt: string; place: string | null } | null;
  words: { text: string; at: string } | null;
  answer: { revision: number; accepted: boolean; comment: string | null; at: string } | null;
  consent: { scope: string; basisInForce: boolean; latest: { given: boolean; at: string } | null };
}

export interface ParentMeetingState {
  meeting: { startsAt: string; place: string | null; status: string } | null;
  current: 'ours' | 'other' | 'none';
}

const enc = encodeURIComponent;

export const parentsApi = {
  invitations: (caseId: string) => request<{ invitations: InvitationView[]; canInvite: boolean }>('GET', `/api/parent/cases/${enc(caseId)}/invitations`),
  invite: (caseId: string, body: { name: string; email: string; role: ParentRoleName; confirmedFifteen?: boolean; meetingId: string | null; language: ParentLanguage }) =>
    request<{ invitation: InvitationView; link: string }>('POST', `/api/parent/cases/${enc(caseId)}/invitations`, body),
  revoke: (invitationId: string) => request<void>('DELETE', `/api/parent/invitations/${enc(invitationId)}`),
  /** Before sign-in: the invitation's language and whether MitID is offered (the token in the body, never a URL). */
  info: (token: string) => request<{ language: ParentLanguage; mitid: boolean }>('POST', '/api/parent/sign-in/info', { token }),
  /** PA10: where to send the browser for MitID (the flow's cookie is set on this answer). */
  mitidStart: (token: string) => request<{ url: string }>('POST', '/api/parent/mitid/start', { token }),
  start: (token: string, email: string) => request<{ sent: boolean }>('POST', '/api/parent/sign-in/start', { token, email }),
  verify: (token: string, email: string, code: string) => request<void>('POST', '/api/parent/sign-in/verify', { token, email, code }),
  view: () => request<ParentView>('GET', '/api/parent/view'),
  meeting: () => request<ParentMeetingState>('GET', '/api/parent/meeting'),
  words: (text: string) => request<{ text: string; at: string }>('PUT', '/api/parent/words', { text }),
  answer: (revision: number, accepted: boolean, comment?: string) => request<void>('POST', '/api/parent/plan/answer', { revision, accepted, ...(comment ? { comment } : {}) }),
  consent: (given: boolean) => request<void>('POST', '/api/parent/consent', { given }),
  signOut: () => request<void>('POST', '/api/parent/sign-out'),
};
