/** Request schemas for legal basis, identity and the duty to report. */
import { z } from 'zod';
import { isValidIsoDate } from '../caseDoc.js';
import { containsCpr } from '../cpr.js';
import { LEGAL_BASES, REPORT_DUTY_ANSWERS, SECTORS } from '../domain.js';

const isoDate = z.string().refine(isValidIsoDate, 'must be a date YYYY-MM-DD');

export const consentSchema = z
  .object({
    /** Who gave it: "begge forældremyndighedsindehavere", "mor (eneforældremyndighed)", "den unge (15+)". */
    givenBy: z.string().trim().min(3).max(200),
    /** Which information may be shared. */
    scope: z.string().trim().min(3).max(1000),
    sectors: z.array(z.enum(SECTORS)).min(1).max(SECTORS.length),
    purpose: z.string().trim().min(3).max(500),
    givenOn: isoDate,
    validUntil: isoDate,
  })
  .refine((c) => c.validUntil >= c.givenOn, { message: 'validUntil before givenOn', path: ['validUntil'] });

export const setBasisSchema = z
  .object({ kind: z.enum(LEGAL_BASES), consent: consentSchema.optional() })
  .refine((b) => (b.kind === 'CONSENT') === (b.consent !== undefined), {
    message: 'consent details are required for CONSENT and only for it',
    path: ['consent'],
  });

export const withdrawConsentSchema = z.object({ withdrawnOn: isoDate });

const identifying = z.string().trim().min(1).max(200).nullable();
export const identitySchema = z.object({
  childName: identifying,
  childCpr: z
    .string()
    .trim()
    .regex(/^\d{6}-?\d{4}$/, 'must be DDMMYY-XXXX')
    .nullable(),
  childAddress: identifying,
  parentNames: identifying,
});

export const reportDutySchema = z
  .object({
    meetingId: z.string().min(1).max(64),
    answer: z.enum(REPORT_DUTY_ANSWERS),
    reason: z.string().trim().min(3).max(500).optional(),
  })
  .refine((a) => a.answer !== 'NOT_RELEVANT' || a.reason !== undefined, {
    message: 'a reason is required when not relevant',
    path: ['reason'],
  });

/** An anonymous description must not identify the child (LB2). */
export const anonymousText = z
  .string()
  .trim()
  .refine((t) => !containsCpr(t), 'contains a CPR number');

export type SetBasisInput = z.infer<typeof setBasisSchema>;
export type IdentityInput = z.infer<typeof identitySchema>;
export type ReportDutyInput = z.infer<typeof reportDutySchema>;
