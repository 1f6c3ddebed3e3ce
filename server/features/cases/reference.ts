import crypto from 'node:crypto';

// No 0/O, 1/I/L: references are read aloud in meetings and typed from paper.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A short opaque case reference such as "7F3K" (4 characters, ~920k values; retried on collision). */
export function newCaseReference(length = 4): string {
  const bytes = crypto.randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}
