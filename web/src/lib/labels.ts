/** Display labels and colours for domain words. */
import { SECTOR_COLOURS, type ForumType, type Role, type Sector } from '../../../shared/domain.js';
import type { Translate } from '../i18n/index.js';

export const sectorLabel = (t: Translate, sector: Sector | null | undefined): string =>
  sector ? t(`sector.${sector}`) : '';

export const roleLabel = (t: Translate, role: Role): string => t(`role.${role}`);

export const forumTypeLabel = (t: Translate, type: ForumType): string => t(`forumType.${type}`);

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const FALLBACK_COLOUR = '#4b5563';

/** A colour that is safe to put into a style: a known sector colour, a 6-digit hex, or grey. */
export function safeColour(colour: unknown, sector?: Sector | null): string {
  if (typeof colour === 'string' && HEX_COLOUR.test(colour)) return colour;
  if (sector && sector in SECTOR_COLOURS) return SECTOR_COLOURS[sector];
  return FALLBACK_COLOUR;
}
