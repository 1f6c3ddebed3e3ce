/**
 * The web↔server contract (docs/SPEC.md H8, decision 0016): every route the web calls, named as the server mounts
 * it, with its body and query as the server's zod schemas take them (`z.input`) and its answer. The web's one client
 * (web/src/lib/api.ts) is typed by this table and nothing else; tests/contract-types.test.ts checks at compile time
 * that each entry agrees with what the server's routes infer (Hono's schema of `AppType`). Types only.
 */
import type { z } from 'zod';
import type {
  AccessibilityInfo,
  AdminForum,
  AdminUser,
  CaseChanges,
  CaseDetail,
  CasePrivacy,
  CaseSummary,
  CaseVersionList,
  CaseVersionView,
  DocumentSummary,
  DocWritersResponse,
  ForumMember,
  ForumOverview,
  HandoverOverview,
  HomeResponse,
  KeyFigures,
  MeetingDetail,
  MeetingSummary,
  MeResponse,
  MunicipalitySettings,
  MyTasks,
  NotificationView,
} from '../api.js';
import type { DrawingMeta, FamilyPlanVersionView, FamilyPlanView, House, saveFamilyPlanSchema, shareFamilyPlanSchema } from '../family.js';
import type { KeyFigureScopes, YearFigures } from '../keyfigures.js';
import type {
  answerSchema,
  consentSchema,
  CreatedInvitation,
  InvitationView,
  inviteSchema,
  ParentLanguage,
  ParentMeetingState,
  ParentView,
  startSignInSchema,
  tokenSchema,
  verifySignInSchema,
  wordsSchema,
} from '../parents.js';
import type { createForumSchema, createUserSchema, membershipSchema, municipalitySettingsSchema, updateUserSchema } from '../schemas/admin.js';
import type { AuditPageView, auditSearchSchema, CaseAccessLog } from '../schemas/audit.js';
import type { loginSchema, totpCodeBodySchema } from '../schemas/auth.js';
import type { journalNumberSchema } from '../schemas/journal.js';
import type {
  addAgendaItemSchema,
  concludeItemSchema,
  createCaseSchema,
  createMeetingSchema,
  participantsSchema,
  reorderAgendaSchema,
  setCurrentSchema,
  updateAgendaItemSchema,
} from '../schemas/meetings.js';
import type { identitySchema, reportDutySchema, setBasisSchema, withdrawConsentSchema } from '../schemas/privacy.js';
import type { SearchResponse, searchSchema } from '../search.js';
import type {
  AccessRequestQuery,
  AuthConfig,
  JobStatus,
  KeyFiguresQuery,
  MailPreferences,
  MailPreferencesInput,
  TotpSetup,
  TotpStatus,
  YearQuery,
} from './answers.js';
import type { FileAnswer, Upload } from './paths.js';

type In<S extends z.ZodTypeAny> = z.input<S>;
/** A 204: nothing in the body. */
type Done = null;

export interface Routes {
  // Signing in (S1-S2, TF)
  'POST /api/auth/login': { body: In<typeof loginSchema>; res: MeResponse };
  'POST /api/auth/logout': { res: Done };
  'POST /api/auth/logout-all': { res: Done };
  'GET /api/auth/me': { res: MeResponse };
  'GET /api/auth/config': { res: AuthConfig };
  'GET /api/auth/totp': { res: TotpStatus };
  'POST /api/auth/totp/setup': { res: TotpSetup };
  'POST /api/auth/totp/enable': { body: In<typeof totpCodeBodySchema>; res: { enabled: boolean } };
  'POST /api/auth/totp/disable': { body: In<typeof totpCodeBodySchema>; res: { enabled: boolean } };

  // The user's own pages (WB9-WB15, T1, T5, WB19)
  'GET /api/me/home': { res: HomeResponse };
  'PUT /api/me/language': { body: { language: 'da' | 'en' }; res: { language: 'da' | 'en' } };
  'GET /api/me/tasks': { res: MyTasks };
  'POST /api/me/calendar-feed': { res: { url: string } };
  'GET /api/me/calendar.ics': { res: FileAnswer };
  'GET /api/accessibility': { res: AccessibilityInfo };
  'GET /api/notifications': { res: NotificationView[] };
  'POST /api/notifications/:id/read': { res: Done };
  'GET /api/notifications/mail-preferences': { res: MailPreferences };
  'PUT /api/notifications/mail-preferences': { body: MailPreferencesInput; res: MailPreferences };

  // Documents (P10)
  'GET /api/documents': { res: DocumentSummary[] };
  'GET /api/documents/:docName/writers': { res: DocWritersResponse };

  // Forums: members, cases, meetings, overview, key figures (T2, T7, KF)
  'GET /api/forums/:forumId/members': { res: ForumMember[] };
  'GET /api/forums/:forumId/cases': { res: CaseSummary[] };
  'POST /api/forums/:forumId/cases': { body: In<typeof createCaseSchema>; res: CaseSummary };
  'GET /api/forums/:forumId/meetings': { res: MeetingSummary[] };
  'POST /api/forums/:forumId/meetings': { body: In<typeof createMeetingSchema>; res: MeetingSummary };
  'GET /api/forums/:forumId/overview': { res: ForumOverview };
  'GET /api/forums/:forumId/keyfigures': { query: KeyFiguresQuery; res: KeyFigures };
  'GET /api/forums/keyfigures/scopes': { res: KeyFigureScopes };
  'GET /api/forums/keyfigures/year': { query: YearQuery; res: YearFigures };
  'GET /api/forums/keyfigures/year.csv': { query: YearQuery; res: FileAnswer };

  // A case: its page, privacy (LB), closing (RT2), access log (AU4), access request (IN), versions (VR)
  'GET /api/cases/:caseId': { res: CaseDetail };
  'GET /api/cases/:caseId/privacy': { res: CasePrivacy };
  'POST /api/cases/:caseId/basis': { body: In<typeof setBasisSchema>; res: Done };
  'POST /api/cases/:caseId/consent/withdraw': { body: In<typeof withdrawConsentSchema>; res: Done };
  'PUT /api/cases/:caseId/identity': { body: In<typeof identitySchema>; res: Done };
  'POST /api/cases/:caseId/health-notes': { res: Done };
  'POST /api/cases/:caseId/report-duty': { body: In<typeof reportDutySchema>; res: Done };
  'POST /api/cases/:caseId/close': { res: Done };
  'GET /api/cases/:caseId/access-log': { res: CaseAccessLog };
  'GET /api/cases/:caseId/access-request': { query: AccessRequestQuery; res: FileAnswer };
  'GET /api/cases/:caseId/versions': { res: CaseVersionList };
  'GET /api/cases/:caseId/versions/:meetingId': { res: CaseVersionView };
  'GET /api/cases/:caseId/changes': { res: CaseChanges };

  // The family's version and the Three Houses' drawings (FA); a drawing is uploaded as its bytes (FA6)
  'GET /api/cases/:caseId/family/plan': { res: FamilyPlanView };
  'PUT /api/cases/:caseId/family/plan': { body: In<typeof saveFamilyPlanSchema>; res: FamilyPlanView };
  'POST /api/cases/:caseId/family/plan/share': { body: In<typeof shareFamilyPlanSchema>; res: FamilyPlanView };
  'GET /api/cases/:caseId/family/plan/versions/:meetingId': { res: FamilyPlanVersionView };
  'GET /api/cases/:caseId/family/plan.pdf': { query: { meetingId?: string }; res: FileAnswer };
  'GET /api/cases/:caseId/family/drawings': { res: { drawings: Record<House, DrawingMeta | null> } };
  'PUT /api/cases/:caseId/family/drawings/:house': { file: Upload; res: DrawingMeta };
  'DELETE /api/cases/:caseId/family/drawings/:house': { res: Done };

  // Parents taking part (PA): the chair's invitations, then the parent's own routes (the parent cookie)
  'GET /api/parent/cases/:caseId/invitations': { res: { invitations: InvitationView[]; canInvite: boolean } };
  'POST /api/parent/cases/:caseId/invitations': { body: In<typeof inviteSchema>; res: CreatedInvitation };
  'DELETE /api/parent/invitations/:invitationId': { res: Done };
  'POST /api/parent/sign-in/info': { body: In<typeof tokenSchema>; res: { language: ParentLanguage; mitid: boolean } };
  'POST /api/parent/sign-in/start': { body: In<typeof startSignInSchema>; res: { sent: boolean } };
  'POST /api/parent/sign-in/verify': { body: In<typeof verifySignInSchema>; res: Done };
  'POST /api/parent/mitid/start': { body: In<typeof tokenSchema>; res: { url: string } };
  'GET /api/parent/view': { res: ParentView };
  'GET /api/parent/meeting': { res: ParentMeetingState };
  'PUT /api/parent/words': { body: In<typeof wordsSchema>; res: { text: string; at: string } };
  'POST /api/parent/plan/answer': { body: In<typeof answerSchema>; res: Done };
  'POST /api/parent/consent': { body: In<typeof consentSchema>; res: Done };
  'POST /api/parent/sign-out': { res: Done };

  // Case search (SE): the term in the body, never in a URL
  'POST /api/search': { body: In<typeof searchSchema>; res: SearchResponse };

  // A meeting: agenda, the live meeting, minutes (MN), hand-over (HO)
  'GET /api/meetings/:meetingId': { res: MeetingDetail };
  'POST /api/meetings/:meetingId/agenda': { body: In<typeof addAgendaItemSchema>; res: Done };
  'POST /api/meetings/:meetingId/agenda/reorder': { body: In<typeof reorderAgendaSchema>; res: Done };
  'PATCH /api/meetings/:meetingId/agenda/:itemId': { body: In<typeof updateAgendaItemSchema>; res: Done };
  'DELETE /api/meetings/:meetingId/agenda/:itemId': { res: Done };
  'PUT /api/meetings/:meetingId/participants': { body: In<typeof participantsSchema>; res: Done };
  'PUT /api/meetings/:meetingId/journal-number': { body: In<typeof journalNumberSchema>; res: Done };
  'POST /api/meetings/:meetingId/start': { res: Done };
  'POST /api/meetings/:meetingId/current': { body: In<typeof setCurrentSchema>; res: Done };
  'POST /api/meetings/:meetingId/items/:itemId/conclude': { body: In<typeof concludeItemSchema>; res: Done };
  'POST /api/meetings/:meetingId/close': { res: Done };
  'GET /api/meetings/:meetingId/minutes.pdf': { res: FileAnswer };
  'GET /api/meetings/:meetingId/handover': { res: HandoverOverview };
  'GET /api/meetings/:meetingId/handover/:caseId/:sector/packet.pdf': { res: FileAnswer };
  'GET /api/meetings/:meetingId/handover/:caseId/:sector/packet.json': { res: FileAnswer };
  'PUT /api/meetings/:meetingId/handover/:caseId/:sector/filing': { body: { externalReference?: string | null }; res: Done };
  'DELETE /api/meetings/:meetingId/handover/:caseId/:sector/filing': { res: Done };

  // The municipality's administration (A6, LV1, AU3, O8)
  'GET /api/admin/users': { res: AdminUser[] };
  'POST /api/admin/users': { body: In<typeof createUserSchema>; res: { id: string } };
  'PATCH /api/admin/users/:userId': { body: In<typeof updateUserSchema>; res: Done };
  'GET /api/admin/settings': { res: MunicipalitySettings };
  'PUT /api/admin/settings': { body: In<typeof municipalitySettingsSchema>; res: Done };
  'GET /api/admin/forums': { res: AdminForum[] };
  'POST /api/admin/forums': { body: In<typeof createForumSchema>; res: AdminForum };
  'PUT /api/admin/forums/:forumId/journal-number': { body: In<typeof journalNumberSchema>; res: Done };
  'PUT /api/admin/forums/:forumId/members/:userId': { body: In<typeof membershipSchema>; res: Done };
  'DELETE /api/admin/forums/:forumId/members/:userId': { res: Done };
  'GET /api/admin/audit': { query: In<typeof auditSearchSchema>; res: AuditPageView };
  'GET /api/admin/jobs': { res: { jobs: JobStatus[] } };
}

export type RouteKey = keyof Routes;

