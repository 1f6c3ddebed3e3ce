/**
 * HO3: a packet that does not name the child blanks the child's and parents' names and the address in its free
 * text as the minutes do (MN5, redact-identity.ts), and also the names' Danish genitive ("Emils", "Sørensens"),
 * which a whole-word match alone leaves: a packet is filed in another sector's system, so what the consent does not
 * cover must not reach it in any form. The values are read here only to be removed.
 */
import { redactorFor, type Redactor } from '../minutes/redact-identity.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function names(value: string | null): string[] {
  if (!value) return [];
  const whole = value.trim();
  return [whole, ...whole.split(/[\s,;/&+]+/u).filter((p) => p.length >= 3)].filter(Boolean);
}

export function handoverRedactor(identity: { childName: string | null; childAddress: string | null; parentNames: string | null }): Redactor {
  const base = redactorFor(identity);
  const all = [...new Set([...names(identity.childName), ...names(identity.parentNames)])].sort((a, b) => b.length - a.length);
  if (all.length === 0) return base;
  const genitive = new RegExp(`(?<![\\p{L}\\p{N}])(?:${all.map(escapeRegExp).join('|')})(?:s|'s|’s)(?![\\p{L}\\p{N}])`, 'giu');
  return (text) => base(text).replace(genitive, '[navn]s');
}
