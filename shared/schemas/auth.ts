import { z } from 'zod';

export const loginSchema = z.object({
  /** The user's e-mail address; compared case-insensitively. */
  email: z.string().trim().toLowerCase().email().max(254),
  /** The password in clear; only ever compared against an argon2id hash. */
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const meetingJoinSchema = z.object({ forumId: z.string().min(1).max(64) });
export const setCurrentItemSchema = z.object({
  forumId: z.string().min(1).max(64),
  itemId: z.string().min(1).max(64).nullable(),
});

/** A document's room name on /collab/:docName: opaque, URL-safe. */
export const docNameSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
