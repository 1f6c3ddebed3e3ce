/** Parents taking part (PA1-PA11): the chair's invitations, the parent's sign-in (code or MitID) and own page. */
import type { z } from 'zod';
import type { inviteSchema } from '../../../../shared/parents.js';
import { send } from '../http.js';

export type InviteInput = z.input<typeof inviteSchema>;

export const parentCalls = {
  invitations: (caseId: string) => send('GET /api/parent/cases/:caseId/invitations', { params: { caseId } }),
  invite: (caseId: string, body: InviteInput) => send('POST /api/parent/cases/:caseId/invitations', { params: { caseId }, body }),
  revoke: (invitationId: string) => send('DELETE /api/parent/invitations/:invitationId', { params: { invitationId } }),
  /** Before sign-in: the invitation's language and whether MitID is offered (the token in the body, never a URL). */
  info: (token: string) => send('POST /api/parent/sign-in/info', { body: { token } }),
  /** PA10: where to send the browser for MitID (the flow's cookie is set on this answer). */
  mitidStart: (token: string) => send('POST /api/parent/mitid/start', { body: { token } }),
  start: (token: string, email: string) => send('POST /api/parent/sign-in/start', { body: { token, email } }),
  verify: (token: string, email: string, code: string) => send('POST /api/parent/sign-in/verify', { body: { token, email, code } }),
  view: () => send('GET /api/parent/view'),
  meeting: () => send('GET /api/parent/meeting'),
  words: (text: string) => send('PUT /api/parent/words', { body: { text } }),
  answer: (revision: number, accepted: boolean, comment?: string) =>
    send('POST /api/parent/plan/answer', { body: { revision, accepted, ...(comment ? { comment } : {}) } }),
  consent: (given: boolean) => send('POST /api/parent/consent', { body: { given } }),
  signOut: () => send('POST /api/parent/sign-out'),
};
