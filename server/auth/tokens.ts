import crypto from 'node:crypto';

/** A random secret for a cookie or token, and the hash we store instead of it. */
export function newSecret(): { secret: string; id: string } {
  const secret = crypto.randomBytes(32).toString('base64url');
  return { secret, id: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('base64url');
}
