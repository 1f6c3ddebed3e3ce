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
