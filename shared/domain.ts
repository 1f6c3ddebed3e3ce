/** Words of the domain shared by server and browser (see ../shared/domain.md). */

export const FORUM_TYPES = ['SSD', 'SSP', 'TRIVSEL_0_3', 'DISTRIKTSTEAM'] as const;
export type ForumType = (typeof FORUM_TYPES)[number];

export const SECTORS = ['SKOLE', 'DAGTILBUD', 'SUNDHEDSPLEJE', 'SOCIAL', 'PPR', 'POLITI', 'ANDET'] as const;
export type Sector = (typeof SECTORS)[number];

export const ROLES = ['CHAIR', 'MEMBER', 'GUEST'] as const;
export type Role = (typeof ROLES)[number];

/**
 * One colour per sector so a reader sees at a glance who wrote what.
 * All pass 4.5:1 contrast against white text-free backgrounds as borders/labels.
 */
export const SECTOR_COLOURS: Record<Sector, string> = {
  SKOLE: '#1d4ed8',
  DAGTILBUD: '#b45309',
  SUNDHEDSPLEJE: '#047857',
  SOCIAL: '#7c3aed',
  PPR: '#be185d',
  POLITI: '#334155',
  ANDET: '#4b5563',
};

/** Indsatstrappen: steps 0-5; the aim is movement down (their names in labels.ts). */
export const LADDER_STEPS = [0, 1, 2, 3, 4, 5] as const;

/** Børnelinealen levels 1-5; the labels are configurable per municipality (defaults in labels.ts). */
export const LEVELS = [1, 2, 3, 4, 5] as const;

export const ACTION_STATUSES = ['PLANNED', 'IN_PROGRESS', 'DONE', 'DROPPED'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const MEETING_STATUSES = ['PLANNED', 'RUNNING', 'CLOSED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** Key figures cover fewer children than this are suppressed (shown as "<5"). */
export const SMALL_NUMBER_THRESHOLD = 5;

/** All dates and times are shown in this zone. */
export const TIME_ZONE = 'Europe/Copenhagen';

export const NOTIFICATION_KINDS = [
  'ACTION_DUE',
  'ACTION_OVERDUE',
  'FOLLOW_UP_DUE',
  'FOLLOW_UP_OVERDUE',
  'CONSENT_ENDED',
  'REPORT_DUTY',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The legal basis for discussing a case (domain.md, "Legal basis"). */
export const LEGAL_BASES = ['ANONYMOUS', 'CONSENT', 'SSD_EXCHANGE', 'SSP_115'] as const;
export type LegalBasisKind = (typeof LEGAL_BASES)[number];

/**
 * LB5: which forum types a basis belongs to (shared/domain.md, "Legal basis"). The SSD exchange without consent
 * (former servicelovens §49a, continued in Barnets Lov) is among school, daycare, health visiting and social
 * services: SSD and Trivselsforum 0-3 år, whose members are exactly those; not a district team (its composition is
 * set locally, with PPR) and not SSP (police share under Retsplejeloven §115 there, which is SSP's alone). Anonymous
 * consultation and consent are bases everywhere.
 */
export const BASIS_FORUM_TYPES: Record<LegalBasisKind, readonly ForumType[] | 'all'> = {
  ANONYMOUS: 'all',
  CONSENT: 'all',
  SSD_EXCHANGE: ['SSD', 'TRIVSEL_0_3'],
  SSP_115: ['SSP'],
};

export function basisAllowedIn(kind: LegalBasisKind, forumType: ForumType): boolean {
  const types = BASIS_FORUM_TYPES[kind];
  return types === 'all' || types.includes(forumType);
}

/** An SSD exchange without consent covers one meeting and one follow-up meeting. */
export const SSD_EXCHANGE_MAX_MEETINGS = 2;

export const REPORT_DUTY_ANSWERS = ['REPORTED', 'ALREADY_REPORTED', 'NOT_RELEVANT'] as const;
export type ReportDutyAnswer = (typeof REPORT_DUTY_ANSWERS)[number];
