/**
 * MN3: the journal number under which minutes are filed in the sectors' case systems (journalisering), set per
 * forum by the administrator and per meeting by the chair. A short code such as "27.00.00-A00-12-26"; never a
 * CPR number (LB2), since it is printed on every set of minutes and kept in the audit log.
 */
import { z } from 'zod';
import { containsCpr } from '../cpr.js';

export const JOURNAL_NUMBER_MAX = 40;
/** Letters, digits and the separators case systems use. */
const JOURNAL_NUMBER_CHARS = /^[\p{L}\p{N} .\-/_:()]*$/u;

export const journalNumberSchema = z.object({
  /** null or empty clears it (a meeting then uses the forum's). */
  journalNumber: z
    .string()
    .trim()
    .max(JOURNAL_NUMBER_MAX)
    .regex(JOURNAL_NUMBER_CHARS, 'only letters, digits and . - / _ : ( )')
    .refine((t) => !containsCpr(t), 'contains a CPR number')
    .nullable()
    .transform((v) => (v ? v : null)),
});

export type JournalNumberInput = z.infer<typeof journalNumberSchema>;

/** The same check for a form, before anything is sent: null when fine, else why not. */
export function journalNumberProblem(value: string): 'tooLong' | 'chars' | 'cpr' | null {
  const v = value.trim();
  if (v.length > JOURNAL_NUMBER_MAX) return 'tooLong';
  if (!JOURNAL_NUMBER_CHARS.test(v)) return 'chars';
  if (containsCpr(v)) return 'cpr';
  return null;
}
