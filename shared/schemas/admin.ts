/** Request schemas for the municipal administration of users, forums and memberships. */
import { z } from 'zod';
import { FORUM_TYPES, ROLES, SECTORS } from '../domain.js';

const municipalRoles = z.array(z.enum(['ADMIN', 'MANAGEMENT'])).max(2);

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  name: z.string().trim().min(2).max(120),
  /** Optional for users who log in through the municipality's identity provider. */
  password: z.string().min(12).max(200).optional(),
  municipalRoles: municipalRoles.default([]),
});

export const updateUserSchema = z.object({
  name: z.string().trim().min(2).max(120).optional(),
  municipalRoles: municipalRoles.optional(),
  disabled: z.boolean().optional(),
});

export const createForumSchema = z.object({
  name: z.string().trim().min(2).max(120),
  type: z.enum(FORUM_TYPES),
});

/** The municipality's own names for Børnelinealen levels 1-5, and the duty-to-report threshold (RD1). */
export const municipalitySettingsSchema = z.object({
  levelLabels: z.array(z.string().trim().min(1).max(60)).length(5),
  reportDutyThreshold: z.number().int().min(1).max(5),
  /** The accessibility statement's address in WAS-Tool (WB19): https only; null clears it; absent leaves it. */
  wasToolUrl: z
    .string()
    .trim()
    .max(500)
    .url()
    .refine((u) => u.startsWith('https://'), 'must be https')
    .nullable()
    .optional(),
  /** Where to report inaccessible content (WB19): an e-mail address or an https address; null clears it. */
  accessibilityContact: z
    .string()
    .trim()
    .max(200)
    .refine((v) => z.string().email().safeParse(v).success || /^https:\/\/\S+$/.test(v), 'e-mail or https address')
    .nullable()
    .optional(),
});

export const membershipSchema = z.object({
  sector: z.enum(SECTORS),
  role: z.enum(ROLES),
});
