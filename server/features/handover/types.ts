/**
 * The hand-over packet (docs/SPEC.md, HO1-HO11) as the municipality imports it: the JSON a sector's member
 * downloads, documented in docs/handover-schema.md and checked against docs/handover.schema.json (JSON Schema
 * draft 2020-12), and the HTTP answers of the meeting's hand-over. The web keeps its own copy of the answer shapes
 * (web/src/features/handover/types.ts; web never imports server/).
 */
import type { ActionStatus, ForumType, LegalBasisKind, Sector } from '../../../shared/domain.js';

/** Semantic versioning: a field added is a minor version, a field changed or removed a major one (HO5). */
export const HANDOVER_SCHEMA_VERSION = '1.1.0';
export const HANDOVER_SCHEMA_ID = 'https://samraad.dk/schemas/handover/1/handover.schema.json';

/** Why the packet does not name the child (HO3). */
export type IdentityWithheld = 'anonymous' | 'basis' | 'sector';

export interface HandoverPerson {
  name: string;
  /** The person's sector in the forum; null for an invited guest, who is described by a label. */
  sector: Sector | null;
  sectorLabel: string | null;
}

export interface HandoverAction {
  id: string;
  title: string;
  responsible: HandoverPerson | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
  ladderStep: number | null;
  ladderStepLabel: string | null;
  status: ActionStatus;
  statusLabel: string;
}

/** One of the child's Three Houses (FA5): its name and the child's own words. */
export interface HandoverHouse {
  heading: string;
  /** The child's words, or null when nothing was written. */
  words: string | null;
  /**
   * A photo of the child's drawing for this house was kept with this meeting's version (FA9) and is in the case in
   * Samråd (never in the packet).
   */
  drawingInCase: boolean;
}

/** The child's Three Houses as kept with the version (schema 1.1.0). */
export interface HandoverHouses {
  /** Who spoke with the child about the houses, and when (YYYY-MM-DD or null). */
  talks: Array<{ by: string; on: string | null }>;
  worries: HandoverHouse;
  good: HandoverHouse;
  dreams: HandoverHouse;
}

export interface HandoverRecord {
  /** Paragraphs of the concern note; each passage with who wrote it. */
  concern: Array<Array<{ text: string; writer: HandoverPerson | null }>>;
  sos: Record<'worries' | 'strengths' | 'next', { heading: string; points: string[] }>;
  voice: string | null;
  /** The child's Three Houses (1.1.0); null for a version kept before the case had them. */
  houses: HandoverHouses | null;
  network: Array<{ name: string; relation: string; contribution: string }>;
}

export interface HandoverPacketJson {
  $schema: typeof HANDOVER_SCHEMA_ID;
  schema: 'samraad.handover';
  schemaVersion: typeof HANDOVER_SCHEMA_VERSION;
  packetId: string;
  generatedAt: string;
  language: 'da';
  marking: string;
  recipient: { sector: Sector; sectorLabel: string; filedIn: string };
  municipality: { name: string };
  forum: { id: string; name: string; type: ForumType; typeLabel: string };
  meeting: {
    id: string;
    startsAt: string;
    /** The meeting's date in Copenhagen. */
    date: string;
    place: string | null;
    closedAt: string | null;
    /** MN3: the meeting's journal number, else the forum's. */
    journalNumber: string | null;
    journalNumberSource: 'meeting' | 'forum' | null;
  };
  case: { id: string; reference: string; description: string };
  legalBasis: {
    /** The basis the case was discussed under at this meeting. */
    kind: LegalBasisKind;
    label: string;
    /** The basis in force when the packet was made. */
    inForce: LegalBasisKind;
    inForceLabel: string;
    /** SSP_115 or a police packet: what the information may and may not be used for. */
    notice: string | null;
    consent: {
      givenBy: string;
      scope: string;
      sectors: Sector[];
      purpose: string;
      givenOn: string | null;
      validUntil: string | null;
      withdrawnOn: string | null;
      validToday: boolean;
      coversRecipient: boolean;
    } | null;
  };
  identity: { childName: string | null; childCpr: string | null; childAddress: string | null; parentNames: string | null } | null;
  identityWithheld: IdentityWithheld | null;
  participants: HandoverPerson[];
  assessment: {
    level: number;
    levelLabel: string;
    sosScale: number;
    concludedAt: string;
    concludedBy: HandoverPerson | null;
  };
  outcome: string | null;
  /** The recipient sector's actions of the plan (its responsible is of that sector). */
  actions: HandoverAction[];
  /** The follow-up agreed at this meeting, when its responsible is of the recipient sector. */
  followUps: Array<{ dueDate: string; responsible: HandoverPerson }>;
  noFollowUpReason: string | null;
  /** The case as kept at the meeting (VR1); null for police (HO4). */
  record: HandoverRecord | null;
  recordWithheld: 'section-115' | null;
}

// The answers the web reads too live in shared/api.ts.
export type { HandoverFilingView, HandoverOverview, HandoverPacketView, HandoverTask } from '../../../shared/api.js';
