/**
 * MN5: the minutes are anonymous even when a case is named. The identity fields are never printed, and if a
 * writer typed the child's or parents' names or the address into the free text of the record, they are blanked
 * there too ("[navn]", "[adresse]"), the names' Danish genitive with them ("Emils" -> "[navn]s"); CPR numbers are
 * already redacted when the record is read (LB2). The one blanking of the record's channels: minutes, hand-over
 * packets, access requests with the identity withheld, search snippets.
 * The values are read here only to be removed; they never leave this module.
 */
import type { Db } from '../../db/client.js';

export type Redactor = (text: string) => string;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole words, any case, Danish letters counted as letters; with `suffix`, also followed by it (captured). */
const wordPattern = (words: string[], suffix = '') =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})${suffix}(?![\\p{L}\\p{N}])`, 'giu');

/** The Danish genitive of a name: "Emils", "Sørensens", "Max'" or "Max's". */
const GENITIVE = "(s|'s|’s|'|’)?";

/** A name field's whole value and each of its names of three letters or more ("Emil Sørensen" -> both). */
function nameParts(value: string | null): string[] {
  if (!value) return [];
  const whole = value.trim();
  const parts = whole.split(/[\s,;/&+]+/u).map((p) => p.trim()).filter((p) => p.length >= 3);
  return [whole, ...parts].filter(Boolean);
}

export function redactorFor(identity: { childName: string | null; childAddress: string | null; parentNames: string | null }): Redactor {
  const names = [...new Set([...nameParts(identity.childName), ...nameParts(identity.parentNames)])].sort((a, b) => b.length - a.length);
  const address = identity.childAddress?.trim();
  const namePattern = names.length ? wordPattern(names, GENITIVE) : null;
  const addressPattern = address ? wordPattern([address]) : null;
  return (text) => {
    let out = text;
    if (addressPattern) out = out.replace(addressPattern, '[adresse]');
    if (namePattern) out = out.replace(namePattern, (_m, genitive: string | undefined) => `[navn]${genitive ?? ''}`);
    return out;
  };
}

/** One redactor per case; anonymous cases (no identity) get one that changes nothing. */
export async function identityRedactors(db: Db, caseIds: string[]): Promise<Map<string, Redactor>> {
  const rows = await db.case.findMany({
    where: { id: { in: caseIds } },
    select: { id: true, childName: true, childAddress: true, parentNames: true },
  });
  return new Map(rows.map((r) => [r.id, redactorFor(r)]));
}
