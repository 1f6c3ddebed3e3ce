/** Danish labels for enum values, shared by server output (minutes) and any client that wants them. */
import type { ActionStatus, ForumType, Sector } from './domain.js';

export const SECTOR_LABELS_DA: Record<Sector, string> = {
  SKOLE: 'Skole',
  DAGTILBUD: 'Dagtilbud',
  SUNDHEDSPLEJE: 'Sundhedspleje',
  SOCIAL: 'Socialrådgivning',
  PPR: 'PPR',
  POLITI: 'Politi',
  ANDET: 'Andet',
};

export const ACTION_STATUS_LABELS_DA: Record<ActionStatus, string> = {
  PLANNED: 'Planlagt',
  IN_PROGRESS: 'I gang',
  DONE: 'Udført',
  DROPPED: 'Droppet',
};

export const FORUM_TYPE_LABELS_DA: Record<ForumType, string> = {
  SSD: 'SSD',
  SSP: 'SSP',
  TRIVSEL_0_3: 'Trivselsforum 0-3 år',
  DISTRIKTSTEAM: 'Tværfagligt distriktsteam',
};

/** Danish texts for refusals the server explains itself (sent as `message` next to the error code). */
export const ERROR_MESSAGES_DA = {
  police_only_in_ssp: 'Politiet kan kun være medlem af SSP-fora. Vælg et SSP-forum eller en anden sektor.',
} as const;
