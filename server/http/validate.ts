/**
 * JSON body validation with a zod schema: a clear 400 with the failing field
 * names (never their values) and a log line, instead of a crash.
 */
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { log } from '../observability/log.js';

export const zValidatorJson = <S extends z.ZodTypeAny>(schema: S) =>
  validator('json', (value, c) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))];
      log.warn('http_invalid_input', { path: c.req.routePath, fields });
      return c.json({ error: 'invalid_input', fields }, 400);
    }
    return parsed.data as z.infer<S>;
  });
