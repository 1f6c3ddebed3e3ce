import type { ErrorCode } from '../../../shared/errors.js';

/** A refusal with a stable code of the shared union (shared/errors.ts) and HTTP status; routes turn it into a JSON answer. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: 400 | 403 | 404 | 409,
    readonly details?: Record<string, string>,
  ) {
    super(code);
  }
}

export const notFound = () => new DomainError('not_found', 404);
