/** Response shapes of the HTTP API, shared so the browser never guesses them. */
import type { House, ThreeHouses } from './caseDoc.js';
import type { DrawingMeta } from './family.js';
import type { ActionStatus, ForumType, LegalBasisKind, MeetingStatus, NotificationKind, Role, Sector } from './domain.js';

export interface Membership {
  forumId: string;
  forumName: string;
  forumType: ForumType;
  sector: Sector;
  role: Role;
}

export interface MeResponse {
  id: string;
  name: string;
  email: string;
  municipality: string;
  /** Municipal roles: ADMIN sees the administration pages, MANAGEMENT the key figures. */
  municipalRoles: Array<'ADMIN' | 'MANAGEMENT'>;
  memberships: Membership[];
  /** The language of the screens they chose (WB15); null = not chosen (Danish). */
  language: 'da' | 'en' | null;
}

/**
 * Who writes under a Yjs client id of a document (docs/SPEC.md, P10): the
 * server's binding, from which the record shows who wrote each passage.
 */
export interface DocWriter {
  clientId: number;
  userId: string;
  name: string;
  sector: Sector;
}

/** A range of items shown under another writer than its client id's (AT1); see shared/authorship.ts. */
export interface MovedWriterRange {
  clientId: number;
  clock: number;
  length: number;
  userId: string;
}

/** Who added and who last changed an entry (an SoS point, action, network entry, or "voice"), AT2. */
export interface EntryWriters {
  entryId: string;
  addedById: string | null;
  changedById: string | null;
  changedAt: string | null;
}

/** GET /api/documents/:docName/writers */
export interface DocWritersResponse {
  writers: DocWriter[];
  moved: MovedWriterRange[];
  entries: EntryWriters[];
  /** Writers named by moved ranges and entries who have no client id of their own here. */
  people: Array<{ userId: string; name: string; sector: Sector | null }>;
}

/**
 * The content of a case document as the record keeps it (versions, minutes):
 * plain values, every writer by user id, their names and sectors in `writers`.
 */
export interface CaseDocContent {
  /** Paragraphs of the concern note, each as runs of text by writer. */
  concern: Array<Array<{ text: string; writerId: string | null }>>;
  sos: Record<'worries' | 'strengths' | 'next', Array<{ id: string; text: string; addedById: string | null; changedById: string | null }>>;
  voice: { text: string; changedById: string | null };
  /** The child's Three Houses (FA5); absent in versions kept before they existed. */
  houses?: ThreeHouses;
  network: Array<{ id: string; name: string; relation: string; contribution: string; addedById: string | null; changedById: string | null }>;
  actions: Array<{
    id: string;
    title: string;
    responsibleUserId: string | null;
    ladderStep: number | null;
    dueDate: string | null;
    status: ActionStatus;
    addedById: string | null;
    changedById: string | null;
  }>;
  /** Everyone referenced above (writers and responsible people), as they were named then. */
  writers: Record<string, { name: string; sector: Sector | null }>;
}

/** A case as it stood when it was concluded in a meeting (VR1). */
export interface CaseVersionContent extends CaseDocContent {
  /** Who took part in the meeting: members by name and sector, guests by their label. */
  participants: Array<{ name: string; sector: Sector | null }>;
  outcome: string | null;
  followUp: { dueDate: string; responsibleUserId: string } | null;
  noFollowUpReason: string | null;
}

export interface DocumentSummary {
  id: string;
  title: string;
  docName: string;
  forum: { id: string; name: string; type: ForumType };
  /** False for GUEST members: the server drops their edits. */
  canWrite: boolean;
}

/** Every error body has this shape; `error` is a stable machine code, never user data. */
export interface ApiError {
  error: string;
  message?: string;
}

export interface ForumMember {
  userId: string;
  name: string;
  sector: Sector;
  role: Role;
}

export interface AssessmentView {
  meetingId: string;
  meetingStartsAt: string;
  level: number;
  sosScale: number;
  recordedAt: string;
}

export interface FollowUpView {
  id: string;
  dueDate: string; // YYYY-MM-DD
  responsible: { userId: string; name: string; sector: Sector | null };
  status: 'PLANNED' | 'HELD' | 'CANCELLED';
  heldAt: string | null;
}

export interface CaseSummary {
  id: string;
  reference: string;
  forumId: string;
  anonymous: boolean;
  description: string;
  status: 'OPEN' | 'CLOSED';
  docName: string;
  latestLevel: number | null;
  latestSosScale: number | null;
  ladderStep: number | null;
  nextFollowUp: string | null; // YYYY-MM-DD
  createdAt: string;
}

export interface MirroredAction {
  id: string;
  title: string;
  responsibleUserId: string | null;
  ladderStep: number | null;
  dueDate: string | null;
  status: ActionStatus;
}

export interface CaseDetail extends CaseSummary {
  forum: { id: string; name: string; type: ForumType };
  canWrite: boolean;
  assessments: AssessmentView[];
  followUps: FollowUpView[];
  actions: MirroredAction[];
  levelLabels: string[];
}

export interface AgendaItemView {
  id: string;
  position: number;
  timeboxMinutes: number;
  outcome: string | null;
  startedAt: string | null;
  endedAt: string | null;
  noFollowUpReason: string | null;
  /** Levels recorded for the case at this meeting, if any. */
  level: number | null;
  sosScale: number | null;
  /** True once levels and a follow-up (or a reason for none) are recorded for this meeting. */
  concluded: boolean;
  /** The case's latest assessment at another meeting: where the conclude dialog starts. */
  previous: { level: number; sosScale: number; recordedAt: string } | null;
  case: { id: string; reference: string; description: string; docName: string };
}

export interface MeetingSummary {
  id: string;
  forumId: string;
  forumName: string;
  forumType: ForumType;
  startsAt: string;
  place: string | null;
  videoLink: string | null;
  status: MeetingStatus;
  agendaCount: number;
}

export interface MeetingParticipantView {
  userId: string | null;
  name: string | null;
  sector: Sector | null;
  guestLabel: string | null;
}

export interface MeetingDetail extends MeetingSummary {
  startedAt: string | null;
  closedAt: string | null;
  currentItemId: string | null;
  currentItemStartedAt: string | null;
  participants: MeetingParticipantView[];
  agenda: AgendaItemView[];
  /** True when the viewer chairs the forum. */
  isChair: boolean;
  levelLabels: string[];
  /** MN3: the meeting's own journal number (set by the chair), and the forum's, which applies when it is null. */
  journalNumber: string | null;
  forumJournalNumber: string | null;
}

export interface TaskAction {
  id: string;
  title: string;
  dueDate: string | null;
  status: ActionStatus;
  overdue: boolean;
  case: { id: string; reference: string };
  forum: { id: string; name: string };
}

export interface TaskFollowUp {
  id: string;
  dueDate: string;
  overdue: boolean;
  case: { id: string; reference: string };
  forum: { id: string; name: string };
}

export interface MyTasks {
  actions: TaskAction[];
  followUps: TaskFollowUp[];
  /** Hand-over packets of my sector not yet filed (HO11). */
  handovers: HandoverTask[];
}

export interface ForumOverview {
  forum: { id: string; name: string; type: ForumType };
  upcomingMeetings: MeetingSummary[];
  /** Open cases per latest Børnelinealen level; key "none" = not yet assessed. */
  openCasesByLevel: Record<'1' | '2' | '3' | '4' | '5' | 'none', number>;
  followUpsDue: Array<{ id: string; dueDate: string; overdue: boolean; case: { id: string; reference: string }; responsibleName: string }>;
  levelLabels: string[];
}

/** Shown in-app; built from references only. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  dueDate: string;
  caseReference: string;
  caseId: string;
  /** REPORT_DUTY: the level the case was assessed at (the reminder names it). */
  level: number | null;
  createdAt: string;
  read: boolean;
}

/** A figure that may be suppressed: null value with `suppressed: true` when fewer than 5 children. */
export interface SuppressibleCount {
  value: number | null;
  suppressed: boolean;
}

export interface KeyFigures {
  forum: { id: string; name: string } | null;
  period: { from: string; to: string };
  casesOnLadderStep: Record<'0' | '1' | '2' | '3' | '4' | '5', SuppressibleCount>;
  movements: { up: SuppressibleCount; down: SuppressibleCount };
  /** Median days from a case's creation to its first action. */
  daysToFirstAction: { median: number | null; cases: SuppressibleCount };
  followUpsOnTime: { share: number | null; held: SuppressibleCount };
  levelDistribution: Record<'1' | '2' | '3' | '4' | '5', SuppressibleCount>;
  /** Month by month (YYYY-MM): open cases and new cases. */
  monthly: Array<{ month: string; newCases: SuppressibleCount; openCases: SuppressibleCount }>;
}

export interface LegalBasisView {
  kind: LegalBasisKind;
  setAt: string;
  setByName: string;
  consent: {
    givenBy: string;
    scope: string;
    sectors: Sector[];
    purpose: string;
    givenOn: string;
    validUntil: string;
    withdrawnOn: string | null;
    /** Valid today (not expired, not withdrawn). */
    valid: boolean;
  } | null;
  /** SSD_EXCHANGE: meetings used of the two allowed. */
  ssdMeetingsUsed: number | null;
}

/** Identifying fields; present only while the legal basis allows them (LB3). */
export interface CaseIdentity {
  childName: string | null;
  childCpr: string | null;
  childAddress: string | null;
  parentNames: string | null;
}

export interface ReportDutyView {
  /** The case's latest level is at or above the municipality's threshold. */
  required: boolean;
  threshold: number;
  meetingId: string | null;
  myAnswer: { answer: 'REPORTED' | 'ALREADY_REPORTED' | 'NOT_RELEVANT'; reason: string | null; answeredAt: string } | null;
  /** Only for the chair: every participant's answer. */
  answers: Array<{ userId: string; name: string; answer: 'REPORTED' | 'ALREADY_REPORTED' | 'NOT_RELEVANT'; reason: string | null; answeredAt: string }> | null;
}

/** Extra case fields from the legal-basis rules (returned by GET /api/cases/:id/privacy). */
export interface CasePrivacy {
  basis: LegalBasisView;
  /** null while identifying fields are not allowed to this reader (LB3, LB7). */
  identity: CaseIdentity | null;
  /** This reader may see and edit the identity (the policy's `case:identity`, LB7). */
  identityAllowed: boolean;
  /** Why not: the basis does not name the child, the reader is a guest, or a consent does not cover their sector. */
  identityWithheld: 'basis' | 'guest' | 'sector' | null;
  /** The health visitors' health-only notes document, for those who may open it. */
  healthDocName: string | null;
  canCreateHealthNotes: boolean;
  reportDuty: ReportDutyView;
  /** SSP_115: the information may not be used for criminal investigation. */
  sspNotice: boolean;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  municipalRoles: Array<'ADMIN' | 'MANAGEMENT'>;
  disabled: boolean;
  totpEnabled: boolean;
  memberships: Array<{ forumId: string; forumName: string; sector: Sector; role: Role }>;
}

export interface MunicipalitySettings {
  name: string;
  levelLabels: string[];
  reportDutyThreshold: number;
  /** The accessibility statement in WAS-Tool, and whom to report to (WB19). */
  wasToolUrl: string | null;
  accessibilityContact: string | null;
}

/** GET /api/accessibility (WB19), public: what the "Tilgængelighed" page fills in. */
export interface AccessibilityInfo {
  /** The authority (the municipality); null when the deployment serves several and no one is logged in. */
  municipality: string | null;
  wasToolUrl: string | null;
  contact: string | null;
}

export interface AdminForum {
  id: string;
  name: string;
  type: ForumType;
  memberCount: number;
  /** MN3: under which the forum's minutes are filed; a meeting may have its own. */
  journalNumber: string | null;
}

/** One meeting's version of a case (VR2): what the timeline lists and the conclude dialog starts from. */
export interface CaseVersionSummary {
  meetingId: string;
  /** The meeting's scheduled start (its date names the version). */
  meetingStartsAt: string;
  forumName: string;
  concludedAt: string;
  concludedBy: { name: string; sector: Sector | null } | null;
  level: number;
  sosScale: number;
  basis: LegalBasisKind;
  outcome: string | null;
  followUp: { dueDate: string; responsible: { name: string; sector: Sector | null } | null } | null;
  noFollowUpReason: string | null;
}

/** GET /api/cases/:caseId/versions: oldest first. */
export interface CaseVersionList {
  caseId: string;
  reference: string;
  /** The municipality's Børnelinealen names, 1-5. */
  levelLabels: string[];
  versions: CaseVersionSummary[];
  /** The case as it stands: where the conclude dialog starts when no version exists yet. */
  current: { level: number | null; sosScale: number | null; basis: LegalBasisKind };
}

/** GET /api/cases/:caseId/versions/:meetingId: that meeting's version as it was kept. */
export interface CaseVersionView extends CaseVersionSummary {
  caseId: string;
  reference: string;
  levelLabels: string[];
  content: CaseVersionContent;
  /**
   * FA9: each house's drawing as it was at that meeting (null for a house without one then); null for a version
   * concluded before drawings were kept with versions.
   */
  drawings: Record<House, KeptDrawingMeta | null> | null;
}

/** A drawing kept with a version (FA9): the same fields as today's drawing, served at its version's url. */
export type KeptDrawingMeta = DrawingMeta;

/** A value then (at the latest version) and now. */
export interface ThenNow<T> {
  then: T;
  now: T;
}

type SosColumnKey = 'worries' | 'strengths' | 'next';

/** GET /api/cases/:caseId/changes: "Ændret siden sidste møde" (VR3). */
export interface CaseChanges {
  caseId: string;
  /** The version compared with; null when the case has none yet (then nothing else is filled in). */
  since: { meetingId: string; meetingStartsAt: string; concludedAt: string } | null;
  /** Today in Copenhagen, 'YYYY-MM-DD', against which `actions.overdue` was decided. */
  today: string;
  /** Concern text added and removed, per writer of the text (for removed text: who had written it). */
  concern: Array<{ writerId: string | null; added: string[]; removed: string[] }>;
  sos: {
    added: Array<{ column: SosColumnKey; text: string; addedById: string | null }>;
    removed: Array<{ column: SosColumnKey; text: string; addedById: string | null }>;
    changed: Array<{ column: SosColumnKey; before: string; after: string; changedById: string | null }>;
  };
  voice: ThenNow<string> | null;
  network: {
    added: Array<{ name: string; relation: string; addedById: string | null }>;
    removed: Array<{ name: string; relation: string; addedById: string | null }>;
  };
  actions: {
    added: ActionChange[];
    removed: ActionChange[];
    /** Done now, not done then. */
    done: ActionChange[];
    /** Planned or in progress with a due date before today. */
    overdue: ActionChange[];
  };
  level: ThenNow<number | null> | null;
  sosScale: ThenNow<number | null> | null;
  basis: ThenNow<LegalBasisKind> | null;
  /** Everyone named above. */
  writers: Record<string, { name: string; sector: Sector | null }>;
  levelLabels: string[];
}

export interface ActionChange {
  id: string;
  title: string;
  responsibleUserId: string | null;
  dueDate: string | null;
  status: ActionStatus;
  addedById: string | null;
  changedById: string | null;
}

// Hand-over packets (docs/SPEC.md, HO7-HO11).
/** Whether a packet has been filed ("journaliseret af … den …", HO9). */
export interface HandoverFilingView {
  filedAt: string;
  filedBy: { name: string; sector: Sector | null } | null;
  externalReference: string | null;
}

export interface HandoverPacketView {
  caseId: string;
  reference: string;
  sector: Sector;
  firstDownloadedAt: string | null;
  filing: HandoverFilingView | null;
}

/** GET /api/meetings/:meetingId/handover (HO7, HO10). */
export interface HandoverOverview {
  meetingId: string;
  /** The caller's sector in the forum, when they have packets. */
  sector: Sector | null;
  /** The packets of the caller's own sector. */
  mine: HandoverPacketView[];
  /** The chair's view: every discussed case with each sector's packet; null for everyone else. */
  all: Array<{ caseId: string; reference: string; packets: HandoverPacketView[] }> | null;
}

/** A packet in "Mine opgaver" until it is filed (HO11). */
export interface HandoverTask {
  meetingId: string;
  meetingStartsAt: string;
  sector: Sector;
  case: { id: string; reference: string };
  forum: { id: string; name: string };
}

/**
 * Why a case on a chair's next agenda is not ready (docs/SPEC.md, WB9): `noCurrentAssessment`: no Børnelinealen
 * level and SoS scale recorded at a meeting within the last 183 days (HOME_ASSESSMENT_DAYS); `noActions`: no
 * action in its plan that is planned or in progress.
 */
export type UnpreparedReason = 'noCurrentAssessment' | 'noActions';

export interface HomeMeeting {
  id: string;
  startsAt: string;
  place: string | null;
  status: 'PLANNED' | 'RUNNING';
  forum: { id: string; name: string };
  itemCount: number;
}

export interface HomeAgendaItem {
  caseId: string;
  reference: string;
  description: string;
  position: number;
  timeboxMinutes: number;
  latestLevel: number | null;
  openActions: number;
  unprepared: UnpreparedReason[];
}

export interface HomeNoteCase {
  id: string;
  reference: string;
  description: string;
  forum: { id: string; name: string };
  /** The date of the next meeting whose agenda holds the case, if any (YYYY-MM-DD in Copenhagen). */
  nextMeetingDay: string | null;
}

/** GET /api/me/home (WB9-WB12): what each of the user's roles needs first; parts the user has no role for are null. */
export interface HomeResponse {
  /** The soonest planned or running meeting of a forum the user chairs, with its agenda. */
  chair: { meeting: HomeMeeting | null; agenda: HomeAgendaItem[] } | null;
  /** The next meetings (at most 5) of the user's forums, today onwards. */
  upcomingMeetings: HomeMeeting[];
  /** For a health visitor (SUNDHEDSPLEJE member who may write): open cases to add notes to. */
  healthVisitor: { cases: HomeNoteCase[] } | null;
  management: { forums: Array<{ id: string; name: string }> } | null;
  admin: boolean;
}
