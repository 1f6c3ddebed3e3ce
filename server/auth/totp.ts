/**
 * TOTP second factor for local accounts (RFC 6238: SHA-1, 6 digits, 30 s,
 * one step either side; docs/SPEC.md, TF1-TF4).
 *
 * A code is accepted once: the time step of the last accepted code is kept per
 * user, and codes of that step or earlier are refused afterwards. This memory
 * is per process; behind a load balancer without sticky sessions a code could
 * be replayed on another process within its 90 seconds.
 */
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Samråd';
const PERIOD = 30;
const WINDOW = 1;

function totp(secretBase32: string, label = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new random 160-bit secret, base32, and the otpauth:// URL for authenticator apps. */
export function newTotpSecret(label: string): { secret: string; otpauthUrl: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, otpauthUrl: totp(secret, label).toString() };
}

/** Time step of the last accepted code per user (replay guard). */
const lastUsedStep = new Map<string, number>();

/**
 * True when `code` is valid for the secret now (±1 step) and was not used
 * before by this user. Accepting it consumes its time step.
 */
export function verifyTotp(userId: string, secretBase32: string, code: string | undefined, now = Date.now()): boolean {
  if (!code || !/^\d{6}$/.test(code)) return false;
  let delta: number | null;
  try {
    delta = totp(secretBase32).validate({ token: code, timestamp: now, window: WINDOW });
  } catch {
    return false; // a malformed stored secret never lets anyone in
  }
  if (delta === null) return false;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  const last = lastUsedStep.get(userId);
  if (last !== undefined && step <= last) return false;
  lastUsedStep.set(userId, step);
  pruneReplayGuard(now);
  return true;
}

/** Forgets steps that can no longer be replayed, so the map stays small. */
function pruneReplayGuard(now: number): void {
  if (lastUsedStep.size < 1000) return;
  const oldest = Math.floor(now / 1000 / PERIOD) - WINDOW - 1;
  for (const [user, step] of lastUsedStep) if (step < oldest) lastUsedStep.delete(user);
}
