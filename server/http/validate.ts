/**
 * The one way a route validates its input (docs/SPEC.md, H4, H6, H8): `zValidator(target, schema)`, Hono's
 * `@hono/zod-validator` with our hook. A refusal is 400 `{ error: 'invalid_input', fields }` naming the failing
 * fields (never their values) with a log line, instead of a crash; the route then sees the schema's output, typed.
 * Schemas live beside their feature, or in shared/schemas/ when the web uses them too.
 */
import { zValidator as honoZodValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { ZodError, type ZodIssue, type ZodTypeAny } from 'zod';
import { log } from '../observability/log.js';
import { refuse } from './errors.js';

/**
 * The paths of every string (value or key) holding a NUL character, as arrays of steps. PostgreSQL cannot store
 * U+0000 in text, so such input is refused here, for every route at once (H6), instead of failing in the database
 * with a 500. A key with NUL is named by where it sits, never by itself (H4: no values echoed).
 */
function nulPaths(value: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      nulPaths(v, [...path, String(i)], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push(path);
      else nulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/** What a failure at the top of the input is called: an unknown key, a body that is not an object. */
const TOP: Record<keyof ValidationTargets, string> = { json: 'body', form: 'body', query: 'query', param: 'params', header: 'headers', cookie: 'cookies' };

/**
 * The failing fields by path. An unrecognised key is named by where it sits (its parent), never by its own name:
 * a client chooses keys as freely as values, and a key may carry a name (H4).
 */
export function failingFields(issues: readonly ZodIssue[], target: keyof ValidationTargets): string[] {
  return [...new Set(issues.map((i) => i.path.join('.') || TOP[target]))];
}

const NUL = { nul: true } as const;

/**
 * The part of a path the schema knows: followed through the parsed value (which holds only the schema's own keys),
 * up to the first step it does not have. A NUL under a key the schema dropped is so named by where that key sits.
 */
function knownPrefix(parsed: unknown, path: string[]): string[] {
  const known: string[] = [];
  let at = parsed;
  for (const step of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, step)) break;
    known.push(step);
    at = (at as Record<string, unknown>)[step];
  }
  return known;
}

/**
 * The schema first, then NUL anywhere in what was sent (H6), also under keys the schema drops; the fields named are
 * only ever paths the schema knows (H4: a client chooses keys as freely as values). Schemas here are pure (no I/O),
 * so a NUL reaches nothing before it is refused.
 */
async function parse(schema: ZodTypeAny, value: unknown) {
  const result = await schema.safeParseAsync(value);
  if (!result.success) return result;
  const nul = nulPaths(value);
  if (nul.length === 0) return result;
  const issues = nul.map((p): ZodIssue => ({ code: 'custom', path: knownPrefix(result.data, p), message: 'NUL character', params: NUL }));
  return { success: false as const, error: new ZodError(issues) };
}

export const zValidator = <S extends ZodTypeAny, T extends keyof ValidationTargets>(target: T, schema: S) =>
  honoZodValidator(
    target,
    schema,
    (result, c) => {
      if (result.success) return;
      const fields = failingFields(result.error.issues, target);
      const nul = result.error.issues.some((i) => i.code === 'custom' && i.params === NUL);
      log.warn('http_invalid_input', { path: c.req.routePath, target, fields, ...(nul ? { reason: 'nul' } : {}) });
      return refuse(c, 'invalid_input', 400, { fields });
    },
    // The library types this result per zod major (3 or 4), which a generic S leaves open; we run zod 3.
    { validationFunction: parse as never },
  );

