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
