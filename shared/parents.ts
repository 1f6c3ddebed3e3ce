/**
 * The parents' requests (zod) and answers (docs/SPEC.md, PA1-PA11): the server's routes validate with these schemas,
 * and the web's contract (shared/contract/routes.ts) names their input and these answers.
 */
import { z } from 'zod';
import type { FamilyPlanContent, House } from './family.js';

export const PARENT_ROLES = ['CUSTODY_HOLDER', 'YOUNG_PERSON'] as const;
export type ParentRoleName = (typeof PARENT_ROLES)[number];

/** The languages of an invitation's mails and the parent's pages (PA11); Danish unless the chair chooses English. */
export const PARENT_LANGUAGES = ['da', 'en'] as const;
export type ParentLanguage = (typeof PARENT_LANGUAGES)[number];

const email = z.string().trim().toLowerCase().email().max(200);

export const inviteSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    email,
    role: z.enum(PARENT_ROLES),
    /** YOUNG_PERSON: the chair confirms they are 15 or older (PA1). */
    confirmedFifteen: z.boolean().optional(),
    meetingId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/).nullable().optional(),
    /** PA11: the language of the mails and the parent's pages; default Danish. */
    language: z.enum(PARENT_LANGUAGES).optional(),
  })
  .refine((v) => v.role !== 'YOUNG_PERSON' || v.confirmedFifteen === true, { path: ['confirmedFifteen'], message: 'required' });

const token = z.string().min(10).max(100).regex(/^[A-Za-z0-9_-]+$/);
export const startSignInSchema = z.object({ token, email });
/** POST /api/parent/sign-in/info and /api/parent/mitid/start: the link's token only (in the body, never a URL). */
export const tokenSchema = z.object({ token });
export const verifySignInSchema = z.object({ token, email, code: z.string().regex(/^\d{6}$/) });
export const wordsSchema = z.object({ text: z.string().max(5000) });
export const answerSchema = z.object({ revision: z.number().int().positive(), accepted: z.boolean(), comment: z.string().trim().max(2000).optional() });
export const consentSchema = z.object({ given: z.boolean() });

export interface InvitationView {
  id: string;
  name: string;
  email: string;
  role: ParentRoleName;
  meetingId: string | null;
  createdAt: string;
  expiresAt: string;
  status: 'open' | 'expired' | 'revoked';
  language: ParentLanguage;
  /** PA10: the MitID person the invitation is bound to: the name the broker verified, and when (null: not yet). */
  mitid: { name: string | null; at: string } | null;
  words: { text: string; at: string } | null;
  answers: Array<{ revision: number; accepted: boolean; comment: string | null; at: string }>;
  consents: Array<{ given: boolean; scope: string; at: string }>;
}

/** What the chair gets once: the link to hand over (the token is not stored in clear). */
export interface CreatedInvitation {
  invitation: InvitationView;
  link: string;
}

/** GET /api/parent/view (PA3): the parent's own child's family view only. */
export interface ParentView {
  invitation: { name: string; role: ParentRoleName; expiresAt: string; language: ParentLanguage };
  municipality: string;
  forumName: string;
  shared: { revision: number; at: string; content: FamilyPlanContent } | null;
  houses: { worries: string; good: string; dreams: string; drawings: Record<House, { url: string; width: number; height: number } | null> } | null;
  nextMeeting: { startsAt: string; place: string | null } | null;
  words: { text: string; at: string } | null;
  answer: { revision: number; accepted: boolean; comment: string | null; at: string } | null;
  consent: { scope: string; basisInForce: boolean; latest: { given: boolean; at: string } | null };
}

/** GET /api/parent/meeting (PA3): the invitation's meeting, and whether its current item is the parent's. */
export interface ParentMeetingState {
  meeting: { startsAt: string; place: string | null; status: 'PLANNED' | 'RUNNING' | 'CLOSED' } | null;
  current: 'ours' | 'other' | 'none';
}
