/**
 * The one source of the words for domain values (docs/SPEC.md, LBL1): the web's dictionaries spread these tables
 * (`labelKeys`), and the server's documents (minutes, access request, calendar) read them, so a legal basis or a
 * sector is called the same on the screen and on paper. Danish first; English where the UI has English.
 * The municipality's own Børnelinealen names come from the database (LV1); these are only its defaults.
 */
import type { ActionStatus, ForumType, LegalBasisKind, Sector } from './domain.js';

export type LabelLang = 'da' | 'en';
type Labels<K extends string | number> = Record<LabelLang, Record<K, string>>;

export const SECTOR_LABELS: Labels<Sector> = {
  da: {
    SKOLE: 'Skole',
    DAGTILBUD: 'Dagtilbud',
    SUNDHEDSPLEJE: 'Sundhedspleje',
    SOCIAL: 'Socialrådgivning',
    PPR: 'PPR',
    POLITI: 'Politi',
    ANDET: 'Andet',
  },
  en: {
    SKOLE: 'School',
    DAGTILBUD: 'Daycare',
    SUNDHEDSPLEJE: 'Health visiting',
    SOCIAL: 'Social work',
    PPR: 'Educational psychology (PPR)',
    POLITI: 'Police',
    ANDET: 'Other',
  },
};

export const FORUM_TYPE_LABELS: Labels<ForumType> = {
  da: { SSD: 'SSD', SSP: 'SSP', TRIVSEL_0_3: 'Trivselsforum 0-3 år', DISTRIKTSTEAM: 'Tværfagligt distriktsteam' },
  en: { SSD: 'SSD', SSP: 'SSP', TRIVSEL_0_3: 'Wellbeing forum 0-3 years', DISTRIKTSTEAM: 'Interdisciplinary district team' },
};

export const ACTION_STATUS_LABELS: Labels<ActionStatus> = {
  da: { PLANNED: 'Planlagt', IN_PROGRESS: 'I gang', DONE: 'Udført', DROPPED: 'Droppet' },
  en: { PLANNED: 'Planned', IN_PROGRESS: 'In progress', DONE: 'Done', DROPPED: 'Dropped' },
};

/**
 * The legal basis of a case discussion (shared/domain.md, "Legal basis"): the SSD exchange is the former
 * servicelovens §49a, continued in Barnets Lov; SSP shares under retsplejelovens §115.
 */
export const LEGAL_BASIS_LABELS: Labels<LegalBasisKind> = {
  da: {
    ANONYMOUS: 'Anonym sparring',
    CONSENT: 'Samtykke',
    SSD_EXCHANGE: 'SSD-udveksling uden samtykke (§49a / Barnets Lov)',
    SSP_115: 'SSP-udveksling (Retsplejeloven §115)',
  },
  en: {
    ANONYMOUS: 'Anonymous consultation',
    CONSENT: 'Consent',
    SSD_EXCHANGE: 'SSD exchange without consent (§49a / Barnets Lov)',
    SSP_115: 'SSP exchange (Administration of Justice Act §115)',
  },
};

/**
 * Why an audit entry was written (its `purpose`), in words (WB17): the audit log, a case's access log and the access
 * request show these, never the code. `legal-basis:<KIND>` is "Hjemmel registreret: <basis>" (auditPurposeLabel).
 */
export const AUDIT_PURPOSES = [
  'case',
  'case-document',
  'health-notes',
  'identity',
  'promote-to-named',
  'access-log',
  'access-request',
  'close',
  'consent-withdrawn',
  'report-duty-answer',
  'meeting-conclusion',
  'audit-search',
  'audit-retention',
  'retention-delete',
  'retention-anonymise',
  'journal-number',
  'case-search',
  'search-result',
  'case-versions',
  'case-version',
  'case-changes',
  'family-plan',
  'family-plan-shared',
  'family-plan-version',
  'three-houses-drawing',
  'handover',
  'parent-invitation',
  'parent-sign-in',
  'parent-sign-in-code',
  'parent-sign-in-mitid',
  'parent-view',
  'parent-words',
  'parent-plan-answer',
  'parent-drawing',
  'parent-consent-given',
  'parent-consent-withdrawn',
] as const;
export type AuditPurpose = (typeof AUDIT_PURPOSES)[number];

export const AUDIT_PURPOSE_LABELS: Labels<AuditPurpose> = {
  da: {
    case: 'Sagsbehandling',
    'case-document': 'Sagens dokument',
    'health-notes': 'Sundhedsplejens egne noter',
    identity: 'Visning af identitet',
    'promote-to-named': 'Anonym sag gjort navngiven',
    'access-log': 'Visning af adgangslog',
    'access-request': 'Indsigt (aktindsigt)',
    close: 'Lukning af sagen',
    'consent-withdrawn': 'Samtykke trukket tilbage',
    'report-duty-answer': 'Svar på underretningspligt',
    'meeting-conclusion': 'Afslutning på møde',
    'audit-search': 'Søgning i loggen',
    'audit-retention': 'Sletning af gammel log',
    'retention-delete': 'Sletning efter frist',
    'retention-anonymise': 'Anonymisering efter frist',
    'journal-number': 'Journalnummer ændret',
    'case-search': 'Søgning i sager',
    'search-result': 'Sag vist i søgeresultat',
    'case-versions': 'Sagens møder',
    'case-version': 'Sagen som den var på et møde',
    'case-changes': 'Ændret siden sidste møde',
    'family-plan': 'Familiens version af planen',
    'family-plan-shared': 'Familiens version delt',
    'family-plan-version': 'Familiens version fra et møde',
    'three-houses-drawing': 'Barnets tegning (de tre huse)',
    handover: 'Overleveringspakke',
    'parent-invitation': 'Forælder inviteret',
    'parent-sign-in': 'Forælder logget ind',
    'parent-sign-in-code': 'Kode til forælder',
    'parent-sign-in-mitid': 'Forælder logger ind med MitID',
    'parent-view': 'Forælder så sagen',
    'parent-words': 'Forælders ord',
    'parent-plan-answer': 'Forælders svar på planen',
    'parent-drawing': 'Forælder så barnets tegning',
    'parent-consent-given': 'Forælder gav samtykke',
    'parent-consent-withdrawn': 'Forælder trak samtykke tilbage',
  },
  en: {
    case: 'Case work',
    'case-document': 'The case document',
    'health-notes': 'Health visitors’ own notes',
    identity: 'Viewing identity',
    'promote-to-named': 'Anonymous case made named',
    'access-log': 'Viewing access log',
    'access-request': 'Access request',
    close: 'Closing the case',
    'consent-withdrawn': 'Consent withdrawn',
    'report-duty-answer': 'Answer on duty to report',
    'meeting-conclusion': 'Conclusion at meeting',
    'audit-search': 'Audit log search',
    'audit-retention': 'Deleting old log entries',
    'retention-delete': 'Deletion after retention period',
    'retention-anonymise': 'Anonymisation after retention period',
    'journal-number': 'Journal number changed',
    'case-search': 'Case search',
    'search-result': 'Case shown in search results',
    'case-versions': 'The case’s meetings',
    'case-version': 'The case as it was at a meeting',
    'case-changes': 'Changed since the last meeting',
    'family-plan': 'The family’s version of the plan',
    'family-plan-shared': 'The family’s version shared',
    'family-plan-version': 'The family’s version from a meeting',
    'three-houses-drawing': 'The child’s drawing (three houses)',
    handover: 'Hand-over packet',
    'parent-invitation': 'Parent invited',
    'parent-sign-in': 'Parent signed in',
    'parent-sign-in-code': 'Code for a parent',
    'parent-sign-in-mitid': 'A parent signing in with MitID',
    'parent-view': 'Parent viewed the case',
    'parent-words': 'Parent’s words',
    'parent-plan-answer': 'Parent’s answer to the plan',
    'parent-drawing': 'Parent viewed the child’s drawing',
    'parent-consent-given': 'Parent gave consent',
    'parent-consent-withdrawn': 'Parent withdrew consent',
  },
};

const LEGAL_BASIS_RECORDED: Record<LabelLang, string> = { da: 'Hjemmel registreret', en: 'Legal basis recorded' };

/** An audit entry's purpose in words (WB17); an unknown code is shown as it is, null as nothing. */
export function auditPurposeLabel(lang: LabelLang, purpose: string | null): string {
  if (!purpose) return '';
  if (purpose.startsWith('legal-basis:')) {
    const kind = purpose.slice('legal-basis:'.length) as LegalBasisKind;
    const basis = LEGAL_BASIS_LABELS[lang][kind];
    return basis ? `${LEGAL_BASIS_RECORDED[lang]}: ${basis}` : LEGAL_BASIS_RECORDED[lang];
  }
  return (AUDIT_PURPOSE_LABELS[lang] as Record<string, string>)[purpose] ?? purpose;
}

/** Indsatstrappen, steps 0-5. */
export const LADDER_LABELS: Labels<0 | 1 | 2 | 3 | 4 | 5> = {
  da: {
    0: 'Forebyggelse på almenområdet',
    1: 'Forebyggelse',
    2: 'Hjemmebaserede indsatser',
    3: 'Anbringelse hos slægt/netværk',
    4: 'Anbringelse i familiepleje',
    5: 'Anbringelse på institution',
  },
  en: {
    0: 'Prevention in universal services',
    1: 'Prevention',
    2: 'Home-based support',
    3: 'Placement with family/network',
    4: 'Foster care',
    5: 'Residential institution',
  },
};

/** The three columns of a Signs of Safety map. */
export const SOS_COLUMN_LABELS: Labels<'worries' | 'strengths' | 'next'> = {
  da: { worries: 'Hvad er vi bekymrede for?', strengths: 'Hvad går godt?', next: 'Hvad skal der ske?' },
  en: { worries: 'What are we worried about?', strengths: 'What is working well?', next: 'What needs to happen?' },
};

/** Børnelinealen 1-5: the defaults until a municipality names its own levels (LV1). */
export const DEFAULT_LEVEL_LABELS: [string, string, string, string, string] = [
  'Trives',
  'Begyndende bekymring',
  'Bekymring',
  'Alvorlig bekymring',
  'Truet',
];

// The Danish tables under the names the server's documents use.
export const SECTOR_LABELS_DA = SECTOR_LABELS.da;
export const FORUM_TYPE_LABELS_DA = FORUM_TYPE_LABELS.da;
export const ACTION_STATUS_LABELS_DA = ACTION_STATUS_LABELS.da;
export const LEGAL_BASIS_LABELS_DA = LEGAL_BASIS_LABELS.da;
export const LADDER_LABELS_DA: Record<number, string> = LADDER_LABELS.da;
export const SOS_COLUMN_LABELS_DA = SOS_COLUMN_LABELS.da;

/** "Indsatstrappen trin 2 (Hjemmebaserede indsatser)"; null for no or an unknown step. */
export function ladderStepInWords(step: number | null): string | null {
  const label = step === null ? undefined : LADDER_LABELS_DA[step];
  return label ? `Indsatstrappen trin ${step} (${label})` : null;
}

/**
 * A label table as dictionary entries under `prefix`: labelKeys('sector', SECTOR_LABELS.da) gives
 * { 'sector.SKOLE': 'Skole', … }, which the web's dictionaries spread in place of their own copies.
 */
export function labelKeys<P extends string, K extends string | number>(prefix: P, table: Record<K, string>): Record<`${P}.${K}`, string> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [`${prefix}.${k}`, v])) as Record<`${P}.${K}`, string>;
}

/** Words of the server's calendar (T5): a meeting and a follow-up; nothing about a case but its reference. */
export const CALENDAR_TEXT_DA = {
  meeting: (forumName: string) => `Møde, ${forumName}`,
  followUp: (forumName: string, reference: string) => `Opfølgning, ${forumName}, sag ${reference}`,
} as const;

/** Danish texts for refusals the server explains itself (sent as `message` next to the error code). */
export const ERROR_MESSAGES_DA = {
  police_only_in_ssp: 'Politiet kan kun være medlem af SSP-fora. Vælg et SSP-forum eller en anden sektor.',
} as const;
