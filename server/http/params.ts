/** Path parameters: every id in an API path is checked before a route reads it (H8), like any other input. */
import { z } from 'zod';

/** An opaque id (cuid): letters, digits, '-' and '_', at most 64, never case text. */
export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** The schema of a path whose parameters are all ids: `zValidator('param', idParams('meetingId', 'itemId'))`. */
export function idParams<K extends string>(...names: K[]) {
  return z.object(Object.fromEntries(names.map((n) => [n, idSchema])) as Record<K, typeof idSchema>).strict();
}
