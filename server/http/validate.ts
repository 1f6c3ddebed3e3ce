/**
 * JSON body validation with a zod schema: a clear 400 with the failing field
 * names (never their values) and a log line, instead of a crash.
 */
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { log } from '../observability/log.js';

/**
 * The paths of every string (value or key) holding a NUL character. PostgreSQL
 * cannot store U+0000 in text, so such input is refused here, for every route
 * at once (H6), instead of failing in the database with a 500.
 */
export function pathsWithNul(value: unknown, path: string[] = [], out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path.join('.'));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      pathsWithNul(v, [...path, String(i)], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // A key with NUL is named by where it sits, never by itself (H4: no values echoed).
      if (k.includes('\u0000')) out.push(path.join('.'));
      else pathsWithNul(v, [...path, k], out);
    }
  }
  return out;
}

export const zValidatorJson = <S extends z.ZodTypeAny>(schema: S) =>
  validator('json', (value, c) => {
    const nul = pathsWithNul(value);
    if (nul.length > 0) {
      const fields = [...new Set(nul.map((f) => f || 'body'))];
      log.warn('http_invalid_input', { path: c.req.routePath, fields, reason: 'nul' });
      return c.json({ error: 'invalid_input', fields }, 400);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))];
      log.warn('http_invalid_input', { path: c.req.routePath, fields });
      return c.json({ error: 'invalid_input', fields }, 400);
    }
    return parsed.data as z.infer<S>;
  });
