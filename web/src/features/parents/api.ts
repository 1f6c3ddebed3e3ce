/** The parents' answers as the web reads them: shared/parents.ts; the calls are `api.parents` (web/src/lib/calls/parents.ts). */
export type { InvitationView, ParentLanguage, ParentMeetingState, ParentRoleName, ParentView } from '../../../../shared/parents.js';
