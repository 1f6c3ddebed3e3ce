/**
 * The family's part of a case (docs/SPEC.md, FA): the family's version of the plan, written in plain language by
 * the chair, and the child's Three Houses with photos of the child's drawings. Request schema, response shapes
 * and the words both the page and the PDF use (Danish first, English), so they read the same on screen and paper.
 */
import { z } from 'zod';
import { HOUSES, isValidIsoDate, type House, type ThreeHouses } from './caseDoc.js';
import { containsCpr } from './cpr.js';

export { HOUSES, type House };

/** One thing that will happen: who does what, by when (prefilled from the action plan, FA3). */
export interface FamilyStep {
  id: string;
  who: string;
  what: string;
  /** YYYY-MM-DD, or null for no date. */
  dueDate: string | null;
}

/** Someone the family can call. */
export interface FamilyContact {
  id: string;
  name: string;
  role: string;
  phone: string;
}

/** What the family's version says, section by section (the headings are FAMILY_TEXT's). */
export interface FamilyPlanContent {
  /** "Det er vi bekymrede for" */
  worries: string;
  /** "Det går godt" */
  goingWell: string;
  /** "Det skal der ske" */
  steps: FamilyStep[];
  /** "Næste møde" */
  nextMeeting: string;
  /** "Hvis I vil tale med nogen" */
  contacts: FamilyContact[];
}

export const FAMILY_LIMITS = {
  text: 4000,
  short: 200,
  phone: 40,
  steps: 30,
  contacts: 10,
} as const;

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
/** Free text for the family: never a CPR number (LB2), which belongs in the identity fields only. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !containsCpr(v), { message: 'cpr' });

export const familyPlanContentSchema = z
  .object({
    worries: text(FAMILY_LIMITS.text),
    goingWell: text(FAMILY_LIMITS.text),
    steps: z
      .array(
        z
          .object({
            id,
            who: text(FAMILY_LIMITS.short),
            what: text(1000),
            dueDate: z.string().refine(isValidIsoDate).nullable(),
          })
          .strict(),
      )
      .max(FAMILY_LIMITS.steps),
    nextMeeting: text(1000),
    contacts: z
      .array(
        z
          .object({
            id,
            name: text(FAMILY_LIMITS.short),
            role: text(FAMILY_LIMITS.short),
            phone: z.string().max(FAMILY_LIMITS.phone).regex(/^[0-9 +()-]*$/),
          })
          .strict(),
      )
      .max(FAMILY_LIMITS.contacts),
  })
  .strict();

/** PUT /api/cases/:caseId/family/plan: the content, and the revision it was edited from (null: the first save). */
export const saveFamilyPlanSchema = z.object({ content: familyPlanContentSchema, revision: z.number().int().min(0).nullable() }).strict();
export type SaveFamilyPlanInput = z.infer<typeof saveFamilyPlanSchema>;

/** POST /api/cases/:caseId/family/plan/share: shares exactly the revision the chair sees. */
export const shareFamilyPlanSchema = z.object({ revision: z.number().int().min(1) }).strict();

/** A photo of the child's drawing, as the server re-encoded it (FA6). */
export interface DrawingMeta {
  id: string;
  house: House;
  width: number;
  height: number;
  uploadedAt: string;
  /** Where the image is served (ids only; `?v=` changes with each upload). */
  url: string;
}

/** The Three Houses as the family's version and the case page show them: the child's words and drawings. */
export interface ThreeHousesView extends ThreeHouses {
  /** The single voice text of documents from before the Three Houses, shown as "Barnets stemme" when not empty. */
  legacyVoice: string;
  drawings: Record<House, DrawingMeta | null>;
}

export interface PersonRef {
  userId: string;
  name: string;
}

/** GET /api/cases/:caseId/family/plan (FA1-FA4). */
export interface FamilyPlanView {
  caseId: string;
  reference: string;
  /** The child's name where it is recorded (the reader may see identity, LB7), else null. */
  childName: string | null;
  forumName: string;
  status: 'OPEN' | 'CLOSED';
  /** Saved content, or (saved = null) a draft prefilled from the action plan, follow-up and meetings. */
  content: FamilyPlanContent;
  saved: { revision: number; at: string; by: PersonRef | null } | null;
  /** FA4: what was shared with the family, when and by whom. */
  shared: { revision: number; at: string; by: PersonRef | null; content: FamilyPlanContent } | null;
  /** True when the saved content is not what was shared. */
  changedSinceShared: boolean;
  /** The chair who may see identity, on an open case. */
  canEdit: boolean;
  houses: ThreeHousesView;
  /** FA2: the meetings the family's version was kept at, oldest first. */
  versions: Array<{ meetingId: string; meetingStartsAt: string; keptAt: string; revision: number; shared: boolean }>;
}

/** GET /api/cases/:caseId/family/plan/versions/:meetingId (FA2). */
export interface FamilyPlanVersionView {
  caseId: string;
  meetingId: string;
  meetingStartsAt: string;
  keptAt: string;
  revision: number;
  content: FamilyPlanContent;
  shared: { revision: number; at: string; by: PersonRef | null; content: FamilyPlanContent } | null;
  /** The Three Houses as kept with the case's version at that meeting (null before they existed). */
  houses: ThreeHouses | null;
  /** FA9: the drawings as the case's version kept them (null for a version concluded before drawings were kept). */
  drawings: Record<House, DrawingMeta | null> | null;
}

export type FamilyLang = 'da' | 'en';

/** The words of the family's version: section headings, the houses, and how dates and steps read. */
export const FAMILY_TEXT = {
  da: {
    title: 'Familiens plan',
    forChild: 'Plan for {name}',
    forYourChild: 'Plan for jeres barn',
    worries: 'Det er vi bekymrede for',
    goingWell: 'Det går godt',
    steps: 'Det skal der ske',
    nextMeeting: 'Næste møde',
    contacts: 'Hvis I vil tale med nogen',
    houses: 'Barnets tre huse',
    legacyVoice: 'Barnets stemme',
    talk: 'Talt med barnet',
    by: 'senest {date}',
    noDate: 'ingen dato',
    nothing: 'Intet skrevet endnu.',
    sharedOn: 'Delt med familien {date} af {name}',
    notShared: 'Udkast – ikke delt med familien endnu',
    changedSinceShared: 'Udkast – ændret siden det blev delt med familien {date}',
    marking: 'Til familien – indeholder personoplysninger',
    drawing: 'Barnets tegning',
  },
  en: {
    title: "The family's plan",
    forChild: 'Plan for {name}',
    forYourChild: 'Plan for your child',
    worries: 'What we are worried about',
    goingWell: 'What is going well',
    steps: 'What will happen',
    nextMeeting: 'Next meeting',
    contacts: 'If you want to talk to someone',
    houses: "The child's three houses",
    legacyVoice: "The child's voice",
    talk: 'Spoke with the child',
    by: 'by {date}',
    noDate: 'no date',
    nothing: 'Nothing written yet.',
    sharedOn: 'Shared with the family on {date} by {name}',
    notShared: 'Draft – not shared with the family yet',
    changedSinceShared: 'Draft – changed since it was shared with the family on {date}',
    marking: 'For the family – contains personal data',
    drawing: "The child's drawing",
  },
} as const satisfies Record<FamilyLang, Record<string, string>>;

/** The Three Houses' names (Signs of Safety) and what each holds, in the child's own words. */
export const HOUSE_LABELS = {
  da: {
    worries: { name: 'Bekymringernes hus', hint: 'Det, barnet er bekymret for eller ked af.' },
    good: { name: 'De gode tings hus', hint: 'Det, der er godt i barnets liv.' },
    dreams: { name: 'Drømmenes hus', hint: 'Det, barnet drømmer om og ønsker sig.' },
  },
  en: {
    worries: { name: 'House of worries', hint: 'What the child worries about or is sad about.' },
    good: { name: 'House of good things', hint: "What is good in the child's life." },
    dreams: { name: 'House of dreams', hint: 'What the child dreams of and wishes for.' },
  },
} as const satisfies Record<FamilyLang, Record<House, { name: string; hint: string }>>;

/** The route segment of a house ("worries") and its database value (WORRIES). */
export const HOUSE_DB = { worries: 'WORRIES', good: 'GOOD', dreams: 'DREAMS' } as const satisfies Record<House, string>;

export function isHouse(value: unknown): value is House {
  return (HOUSES as readonly unknown[]).includes(value);
}

/** Every sentence of the family's version whose readability counts (FA3): not names, roles or phone numbers. */
export function familyPlanProse(content: FamilyPlanContent): string {
  return [content.worries, content.goingWell, ...content.steps.map((s) => s.what), content.nextMeeting].join('\n');
}

/** The limits of a drawing upload (FA6). */
export const DRAWING_LIMITS = {
  /** Bytes of the upload as sent. */
  maxUploadBytes: 5 * 1024 * 1024,
  /** Pixels of the image as uploaded (a decompression bomb is refused before it is decoded). */
  maxInputPixels: 40_000_000,
  /** The longest side of the stored image, in pixels. */
  maxSide: 2000,
  /**
   * Bytes of the stored JPEG, the case's and each kept with a version (FA9; a CHECK in the database too). The
   * re-encoding at 2000 px stays under it (pure noise: 2.85 MB measured); if not, it is re-encoded more tightly.
   */
  maxStoredBytes: 3 * 1024 * 1024,
} as const;
