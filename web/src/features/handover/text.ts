/**
 * Texts of the hand-over packets on the meeting page (HO7-HO10), Danish and English. Sectors come from the app's
 * dictionaries (shared/labels.ts, LBL1), never from here.
 */
import { JOURNAL_NUMBER_MAX } from '../../../../shared/schemas/journal.js';
import { makeUseText } from '../../i18n/feature-text.js';

const da = {
  title: 'Overlevering til journalisering',
  intro: 'Hver sag fra mødet som en pakke til jeres eget system ({sector}): PDF til journalen, JSON til indlæsning. Markér pakken som journaliseret, når den er lagt ind.',
  case: 'Sag {ref}',
  pdf: 'Hent PDF',
  pdfFor: 'Hent PDF for sag {ref}',
  json: 'Hent JSON',
  jsonFor: 'Hent JSON for sag {ref}',
  downloading: 'Henter …',
  downloaded: 'Pakken er hentet.',
  downloadError: 'Pakken kunne ikke hentes. Prøv igen.',
  notFiled: 'Ikke journaliseret endnu',
  filedBy: 'Journaliseret af {name} den {date}',
  filedByUnknown: 'Journaliseret den {date}',
  filedRef: 'j.nr. {ref}',
  externalRef: 'Jeres journal- eller sagsnummer (valgfrit)',
  externalRefHint: `Højst ${JOURNAL_NUMBER_MAX} tegn, aldrig et CPR-nummer.`,
  markFiled: 'Markér som journaliseret',
  markFiledFor: 'Markér sag {ref} som journaliseret',
  undo: 'Fortryd journalisering',
  undoFor: 'Fortryd journalisering af sag {ref}',
  saved: 'Sag {ref} er markeret som journaliseret.',
  undone: 'Journaliseringen af sag {ref} er fortrudt.',
  saveError: 'Det kunne ikke gemmes. Prøv igen.',
  'err.tooLong': `Højst ${JOURNAL_NUMBER_MAX} tegn.`,
  'err.chars': 'Kun bogstaver, tal og tegnene . - / _ : ( ).',
  'err.cpr': 'Det ligner et CPR-nummer. Et journalnummer må ikke indeholde CPR-numre.',

  statusTitle: 'Journalisering pr. sektor',
  statusIntro: 'Om hver sektor har hentet og journaliseret sin pakke om hver sag.',
  refresh: 'Opdater',
  colCase: 'Sag',
  colSector: 'Sektor',
  colStatus: 'Status',
  notFetched: 'Ikke hentet',
  fetchedNotFiled: 'Hentet {date}, ikke journaliseret',
  none: 'Ingen pakker: ingen sektor var repræsenteret ved de afsluttede sager.',
  loadError: 'Overleveringen kunne ikke hentes.',
  retry: 'Prøv igen',
} as const;

type Key = keyof typeof da;

const en: Record<Key, string> = {
  title: 'Hand-over for filing',
  intro: 'Each case from the meeting as a packet for your own system ({sector}): a PDF to file, JSON to import. Mark the packet as filed once it is in.',
  case: 'Case {ref}',
  pdf: 'Download PDF',
  pdfFor: 'Download PDF for case {ref}',
  json: 'Download JSON',
  jsonFor: 'Download JSON for case {ref}',
  downloading: 'Downloading …',
  downloaded: 'The packet has been downloaded.',
  downloadError: 'The packet could not be downloaded. Try again.',
  notFiled: 'Not filed yet',
  filedBy: 'Filed by {name} on {date}',
  filedByUnknown: 'Filed on {date}',
  filedRef: 'ref. {ref}',
  externalRef: 'Your journal or case number (optional)',
  externalRefHint: `At most ${JOURNAL_NUMBER_MAX} characters, never a CPR number.`,
  markFiled: 'Mark as filed',
  markFiledFor: 'Mark case {ref} as filed',
  undo: 'Undo filing',
  undoFor: 'Undo filing of case {ref}',
  saved: 'Case {ref} is marked as filed.',
  undone: 'The filing of case {ref} was undone.',
  saveError: 'It could not be saved. Try again.',
  'err.tooLong': `At most ${JOURNAL_NUMBER_MAX} characters.`,
  'err.chars': 'Only letters, digits and . - / _ : ( ).',
  'err.cpr': 'This looks like a CPR number. A journal number must not contain CPR numbers.',

  statusTitle: 'Filing by sector',
  statusIntro: 'Whether each sector has downloaded and filed its packet about each case.',
  refresh: 'Refresh',
  colCase: 'Case',
  colSector: 'Sector',
  colStatus: 'Status',
  notFetched: 'Not downloaded',
  fetchedNotFiled: 'Downloaded {date}, not filed',
  none: 'No packets: no sector was represented at the concluded cases.',
  loadError: 'The hand-over could not be loaded.',
  retry: 'Try again',
};

export const useHandoverText = makeUseText<Key>({ da, en });
