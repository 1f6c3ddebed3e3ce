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

export const membershipSchema = z.object({
  sector: z.enum(SECTORS),
  role: z.enum(ROLES),
});
