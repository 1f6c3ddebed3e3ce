/** Request schemas for meetings, cases and agenda: used by the server and the browser's forms. */
import { z } from 'zod';
import { isValidIsoDate } from '../caseDoc.js';
import { containsCpr } from '../cpr.js';

const id = z.string().min(1).max(64);
const isoDate = z.string().refine(isValidIsoDate, 'must be a date YYYY-MM-DD');

export const createCaseSchema = z.object({
  /** Anonymous description: sex, age, setting, district. Never a name or CPR number (LB2). */
  description: z
    .string()
    .trim()
    .min(3)
    .max(200)
    .refine((t) => !containsCpr(t), 'contains a CPR number'),
});

export const createMeetingSchema = z.object({
  /** ISO date-time with offset, e.g. 2026-11-24T09:00:00+01:00. */
  startsAt: z.string().datetime({ offset: true }),
  place: z.string().trim().max(200).optional(),
  videoLink: z.string().trim().url().max(500).optional(),
});

export const addAgendaItemSchema = z.object({
  caseId: id,
  timeboxMinutes: z.number().int().min(1).max(240).default(15),
});

export const updateAgendaItemSchema = z.object({
  timeboxMinutes: z.number().int().min(1).max(240).optional(),
  outcome: z.string().trim().max(2000).optional(),
});

export const reorderAgendaSchema = z.object({ itemIds: z.array(id).min(1).max(100) });

export const participantsSchema = z.object({
  userIds: z.array(id).max(100),
  /** Invited guests by role, e.g. "Mor", "Far", "Barnet" — never names. */
  guestLabels: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
});

export const setCurrentSchema = z.object({ itemId: id.nullable() });

/**
 * Before a case leaves the agenda (FU1, FU2): the levels, and either a
 * follow-up date with a responsible member or an explicit reason for none.
 */
export const concludeItemSchema = z
  .object({
    level: z.number().int().min(1).max(5),
    sosScale: z.number().int().min(0).max(10),
    outcome: z.string().trim().max(2000).optional(),
    followUp: z.object({ dueDate: isoDate, responsibleUserId: id }).nullable(),
    noFollowUpReason: z.string().trim().min(3).max(500).optional(),
  })
  .refine((v) => v.followUp !== null || v.noFollowUpReason !== undefined, {
    message: 'a follow-up date or a reason for none is required',
    path: ['followUp'],
  });

export type CreateCaseInput = z.infer<typeof createCaseSchema>;
export type CreateMeetingInput = z.infer<typeof createMeetingSchema>;
export type ConcludeItemInput = z.infer<typeof concludeItemSchema>;
