/**
 * LIX (læsbarhedsindeks), the Danish readability figure the family's version of the plan is written to
 * (docs/SPEC.md, FA3): LIX = words / sentences + 100 · long words / words, a long word having more than six
 * letters. Under 25 is very easy (children's books), 25-34 easy, 35-44 average, 45-54 hard, 55 and up very hard;
 * a plain-language letter to a family aims under 35.
 *
 * Words are runs of letters and digits (a hyphen or apostrophe inside one keeps it whole); only letters count
 * towards a long word, so "2027" is a short word. A sentence ends at the end of a line (a list point without a
 * full stop is a sentence of its own) and inside a line at ".", "!", "?" or ":" followed by a space and a capital
 * letter, so the ordinal full stop of "12. januar" and the "kl." of "kl. 10" do not end one.
 */
export const LIX_AIM = 35;

export interface Lix {
  /** null when there are no words to measure. */
  score: number | null;
  words: number;
  sentences: number;
  longWords: number;
}

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const LETTER = /\p{L}/gu;
const SENTENCE_END = /[.!?:]+\s+(?=[\p{Lu}"»“(])/gu;

export function lix(text: string): Lix {
  let words = 0;
  let longWords = 0;
  let sentences = 0;
  for (const line of text.split(/\r?\n/)) {
    const found = line.match(WORD);
    if (!found) continue;
    words += found.length;
    for (const w of found) if ((w.match(LETTER)?.length ?? 0) > 6) longWords++;
    sentences += 1 + (line.trimEnd().match(SENTENCE_END)?.length ?? 0);
  }
  if (words === 0) return { score: null, words: 0, sentences: 0, longWords: 0 };
  return { score: words / sentences + (100 * longWords) / words, words, sentences, longWords };
}

/** "let", "middel", … for a score (Danish bands), used beside the figure. */
export type LixBand = 'veryEasy' | 'easy' | 'average' | 'hard' | 'veryHard';

export function lixBand(score: number): LixBand {
  if (score < 25) return 'veryEasy';
  if (score < 35) return 'easy';
  if (score < 45) return 'average';
  if (score < 55) return 'hard';
  return 'veryHard';
}
