/**
 * Refusals with a code of the shared union (shared/errors.ts, docs/SPEC.md H9): the one way a route answers an
 * error itself (`refuse`), and the check that every error body the server sends carries a member of it.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isErrorCode, type ErrorCode } from '../../shared/errors.js';
import { log } from '../observability/log.js';

/** Extra fields of an error body: ids, field names, numbers; never user data (H4). */
export type ErrorDetails = Record<string, string | number | string[]>;

/** `{ error: code, ...details }` with the status; `code` must be one of the union. */
export function refuse<C extends ErrorCode, S extends ContentfulStatusCode>(c: Context, code: C, status: S, details?: ErrorDetails) {
  return c.json({ error: code, ...details }, status);
}

/**
 * Every JSON error answer (4xx, 5xx) is read back once: a code outside the union, or a body without one, is logged
 * as an error, and in the tests an error log fails the test (G2), so each API test also checks the contract.
 * Error bodies are small; success bodies are never read.
 */
export const checkErrorCodes = createMiddleware(async (c, next) => {
  await next();
  if (c.res.status < 400 || !c.res.headers.get('content-type')?.startsWith('application/json')) return;
  const body: unknown = await c.res
    .clone()
    .json()
    .catch(() => null);
  const code = (body as { error?: unknown } | null)?.error;
  if (!isErrorCode(code)) log.error('http_unknown_error_code', { path: c.req.routePath, status: c.res.status, code: typeof code === 'string' ? code.slice(0, 60) : typeof code });
});
