/** Small helpers the versions' views share: a writer's name and sector, a meeting's date, a level in words. */
import type { Sector } from '../../../../shared/domain.js';
import { LEGAL_BASIS_LABELS } from '../../../../shared/labels.js';
import type { LegalBasisKind } from '../../../../shared/domain.js';
import type { Lang, Translate } from '../../i18n/index.js';
import { formatDay, todayInCopenhagen } from '../../lib/format.js';
import { sectorLabel } from '../../lib/labels.js';

export type People = Record<string, { name: string; sector: Sector | null }>;

/** "Anna Jensen, Skole" (as the minutes name a passage's writer), or the fallback when unknown. */
export function writerName(t: Translate, people: People, id: string | null | undefined, unknown: string): string {
  const p = id ? people[id] : undefined;
  if (!p) return unknown;
  return p.sector ? `${p.name}, ${sectorLabel(t, p.sector)}` : p.name;
}

/** "Anna Jensen (Skole)" for a person named in a list. */
export function personWithSector(t: Translate, p: { name: string; sector: Sector | null } | null | undefined, unknown: string): string {
  if (!p) return unknown;
  return p.sector ? `${p.name} (${sectorLabel(t, p.sector)})` : p.name;
}

/** A meeting's scheduled instant as its date in Copenhagen, e.g. "12. nov. 2026". */
export function meetingDate(lang: Lang, iso: string): string {
  return formatDay(lang, todayInCopenhagen(new Date(iso)));
}

/** The legal basis in the reader's language, from the one label table (LBL1). */
export function basisLabel(lang: Lang, basis: LegalBasisKind): string {
  return LEGAL_BASIS_LABELS[lang][basis];
}
