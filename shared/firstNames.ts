/**
 * LB2: capitalised words in free text that are common Danish first names
 * ("Oliver Hansen, 4 år"), so an anonymous description can be warned about
 * before it is saved. A warning, not a refusal: the list cannot tell a name
 * from a word.
 */
import { DANISH_FIRST_NAMES } from './data/danishFirstNames.js';

const NAMES = new Set(DANISH_FIRST_NAMES);

export function findFirstNames(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\p{Lu}[\p{Ll}]+/gu)) if (NAMES.has(m[0]) && !found.includes(m[0])) found.push(m[0]);
  return found;
}
