/**
 * Finds Danish CPR numbers (DDMMYY-XXXX, DDMMYY XXXX or DDMMYYXXXX) in free text, so an
 * anonymous case never gets one by accident (docs/SPEC.md, LB2). Checks that
 * the first six digits are a possible date; no modulus-11 check (numbers
 * issued since 2007 need not satisfy it).
 */
const CPR = /(?<!\d)(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?!\d)/g;

export function findCprNumbers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(CPR)) {
    const day = Number(m[1]);
    const month = Number(m[2]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) found.push(m[0]);
  }
  return found;
}

export function containsCpr(text: string): boolean {
  return findCprNumbers(text).length > 0;
}

export const CPR_REDACTED = '[CPR-nummer fjernet]';

/** The text with every CPR number replaced by CPR_REDACTED (for rows derived from free text: minutes, search, exports). */
export function redactCpr(text: string): string {
  const found = new Set(findCprNumbers(text));
  return found.size ? text.replace(CPR, (m) => (found.has(m) ? CPR_REDACTED : m)) : text;
}
