/** Texts of the journal-number form (MN3), Danish and English. */
import { JOURNAL_NUMBER_MAX } from '../../../../shared/schemas/journal.js';
import { makeUseText } from '../../i18n/feature-text.js';

const da = {
  label: 'Journalnummer',
  hint: `Det nummer, referatet journaliseres under i sagssystemerne. Højst ${JOURNAL_NUMBER_MAX} tegn, aldrig et CPR-nummer.`,
  meetingHint: 'Står i referatets hoved. Tomt: forummets journalnummer ({forum}) bruges.',
  meetingHintNoForum: 'Står i referatets hoved. Tomt: intet journalnummer (forummet har ikke noget).',
  save: 'Gem journalnummer',
  saved: 'Journalnummeret er gemt.',
  none: 'Intet',
  fromForum: '{number} (forummets)',
  'err.tooLong': `Højst ${JOURNAL_NUMBER_MAX} tegn.`,
  'err.chars': 'Kun bogstaver, tal og tegnene . - / _ : ( ).',
  'err.cpr': 'Det ligner et CPR-nummer. Et journalnummer må ikke indeholde CPR-numre.',
  'err.save': 'Journalnummeret kunne ikke gemmes. Prøv igen.',
} as const;

type Key = keyof typeof da;

const en: Record<Key, string> = {
  label: 'Journal number',
  hint: `The number the minutes are filed under in the case systems. At most ${JOURNAL_NUMBER_MAX} characters, never a CPR number.`,
  meetingHint: "Printed at the head of the minutes. Empty: the forum's journal number ({forum}) is used.",
  meetingHintNoForum: 'Printed at the head of the minutes. Empty: no journal number (the forum has none).',
  save: 'Save journal number',
  saved: 'The journal number has been saved.',
  none: 'None',
  fromForum: "{number} (the forum's)",
  'err.tooLong': `At most ${JOURNAL_NUMBER_MAX} characters.`,
  'err.chars': 'Only letters, digits and . - / _ : ( ).',
  'err.cpr': 'This looks like a CPR number. A journal number must not contain CPR numbers.',
  'err.save': 'The journal number could not be saved. Try again.',
};

export const useJournalText = makeUseText<Key>({ da, en });
