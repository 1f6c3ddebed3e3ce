/**
 * Helpers for the privacy, admin and account features on top of the shared
 * JSON client in lib/api.ts. Paths carry opaque ids only.
 */
import { ApiRequestError } from '../../lib/api.js';

export { request as call, type Method } from '../../lib/api.js';

export const enc = encodeURIComponent;

/** The error code of a failed call ('unknown' for anything else). */
export const codeOf = (err: unknown): string => (err instanceof ApiRequestError ? err.code : 'unknown');
export const statusOf = (err: unknown): number => (err instanceof ApiRequestError ? err.status : 0);

export { downloadFile } from '../../lib/download.js';
