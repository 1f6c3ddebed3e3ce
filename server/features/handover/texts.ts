/**
 * The Danish words of the hand-over packet (HO2-HO4) that are the packet's own; domain values (sectors, bases,
 * forum types, statuses, Indsatstrappen, SoS columns) come from shared/labels.ts (LBL1).
 */
import type { Sector } from '../../../shared/domain.js';
import type { IdentityWithheld } from './types.js';

/** Where each sector files its packet (journalisering); ANDET and guests get none (HO1). */
export const FILED_IN_DA: Record<Exclude<Sector, 'ANDET'>, string> = {
  SKOLE: 'elevens mappe',
  DAGTILBUD: 'barnets mappe i dagtilbuddet',
  SUNDHEDSPLEJE: 'sundhedsjournalen (børnejournalen)',
  SOCIAL: 'børnesagen i det socialfaglige sagssystem',
  PPR: 'PPR-journalen',
  POLITI: 'politiets kriminalpræventive SSP-sag',
};

/** HO4: what information exchanged under retsplejelovens § 115 may be used for. */
export const SECTION_115_NOTICE =
  'Oplysningerne er udvekslet efter retsplejelovens § 115 i SSP-samarbejdet. De må kun bruges i kriminalitetsforebyggende ' +
  'øjemed, aldrig i efterforskning af strafbare forhold, og må ikke videregives yderligere.';

/** HO4: why a police packet holds no record. */
export const POLICE_RECORD_NOTE =
  'Politiets overlevering rummer efter retsplejelovens § 115 kun det, politiet skal bruge i det kriminalitetsforebyggende ' +
  'arbejde: vurderingen, det aftalte og politiets egne handlinger og opfølgninger. Bekymringsnoten, Signs of Safety, ' +
  'barnets stemme, barnets tre huse og netværket er ikke med.';

/** HO3: why the child is not named in this packet. */
export const IDENTITY_WITHHELD_DA: Record<IdentityWithheld, string> = {
  anonymous: 'Sagen blev drøftet anonymt på mødet, så overleveringen navngiver ikke barnet.',
  basis: 'Hjemlen tillader ikke (længere) at navngive barnet, fx fordi samtykket er udløbet eller trukket tilbage.',
  sector: 'Samtykket omfatter ikke jeres sektor, så barnet navngives ikke over for jer.',
};

export const HANDOVER_TITLE_DA = 'Overlevering til journalisering';

/**
 * Beside a house whose drawing was kept with the meeting's version (HO2): the photo stays in Samråd, never in the
 * packet, so the words must not read as "attached to this packet".
 */
export const DRAWING_IN_SAMRAAD_DA = '(tegningen findes i sagen i Samråd)';
