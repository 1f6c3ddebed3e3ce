import { z } from 'zod';

/** A 6-digit TOTP code as typed (spaces allowed). */
export const totpCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/));
export const totpCodeBodySchema = z.object({ code: totpCodeSchema });

export const loginSchema = z.object({
  /** The user's e-mail address; compared case-insensitively. */
  email: z.string().trim().toLowerCase().email().max(254),
  /** The password in clear; only ever compared against an argon2id hash. */
  password: z.string().min(1).max(200),
  /** The current 6-digit TOTP code, for accounts with the second factor on. */
  code: totpCodeSchema.optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const meetingJoinSchema = z.object({
  forumId: z.string().min(1).max(64),
  /** Only follow the forum's pushes (a case page), without being shown as present in the meeting. */
  watch: z.boolean().optional(),
});
export const setCurrentItemSchema = z.object({
  forumId: z.string().min(1).max(64),
  itemId: z.string().min(1).max(64).nullable(),
});

/** A document's room name on /collab/:docName: opaque, URL-safe. */
export const docNameSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
