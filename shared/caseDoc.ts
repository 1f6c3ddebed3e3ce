/**
 * The shape of a case's collaborative Yjs document, shared by the editor in
 * the browser and the server's mirror (server/features/cases/mirror.ts).
 *
 *   prosemirror  XmlFragment  concern note (bekymring); each paragraph carries
 *                             `author` (user id) and `sector` attributes
 *   sos          Map          'worries' | 'strengths' | 'next' -> Array<Map{id,text}>
 *   voice        Text         the child's own words before the Three Houses (barnets stemme); kept and shown
 *                             as "Barnets stemme" where it holds text, never migrated (docs/SPEC.md, FA5)
 *   houseWorries Text         the child's Three Houses (FA5), each the child's own words: Bekymringernes hus,
 *   houseGood    Text           De gode tings hus, Drømmenes hus. Root texts, so no client has to create them
 *   houseDreams  Text           (two clients creating a nested text at once would lose one)
 *   houseTalks   Array<Map{id,by,on}>   who spoke with the child about the houses, and when (YYYY-MM-DD)
 *   network      Array<Map{id,name,relation,contribution}>   no CPR numbers
 *   actions      Array<Map{id,title,responsibleUserId,ladderStep,dueDate,status}>
 *
 * Values typed live may be invalid for a moment (a half-typed date). Parsing
 * never throws: invalid fields are reported and left out of the mirror.
 */
import type * as Y from 'yjs';
import { ACTION_STATUSES, type ActionStatus } from './domain.js';

export const CASE_DOC = {
  concern: 'prosemirror',
  sos: 'sos',
  voice: 'voice',
  network: 'network',
  actions: 'actions',
  houseWorries: 'houseWorries',
  houseGood: 'houseGood',
  houseDreams: 'houseDreams',
  houseTalks: 'houseTalks',
} as const;

/** The child's Three Houses (Signs of Safety), in the order they are shown (FA5). */
export const HOUSES = ['worries', 'good', 'dreams'] as const;
export type House = (typeof HOUSES)[number];

/** The root Y.Text of each house. */
export const HOUSE_TEXT: Record<House, string> = {
  worries: CASE_DOC.houseWorries,
  good: CASE_DOC.houseGood,
  dreams: CASE_DOC.houseDreams,
};

/** The Three Houses as the record reads them: the child's words per house and who spoke with the child, when. */
export interface ThreeHouses {
  worries: string;
  good: string;
  dreams: string;
  /** Each conversation with the child: who (free text, e.g. "Mette Skov, sundhedsplejerske") and when. */
  talks: Array<{ id: string; by: string; on: string | null }>;
}

const MAX_HOUSE_TEXT = 10_000;
const MAX_TALKS = 20;

/**
 * Reads the Three Houses; never throws. A house that another client wrote as something other than a text
 * reads as empty; a talk without an id is left out, an impossible date reads as none.
 */
export function parseThreeHouses(doc: Y.Doc): ThreeHouses {
  const text = (name: string): string => {
    try {
      return doc.getText(name).toString().slice(0, MAX_HOUSE_TEXT);
    } catch {
      return ''; // the root exists as another type
    }
  };
  const talks: ThreeHouses['talks'] = [];
  try {
    const seen = new Set<string>();
    for (const item of doc.getArray<unknown>(CASE_DOC.houseTalks).toArray()) {
      if (talks.length >= MAX_TALKS) break;
      if (typeof (item as { get?: unknown })?.get !== 'function') continue;
      const m = item as Y.Map<unknown>;
      const id = m.get('id');
      if (typeof id !== 'string' || id.length < 1 || id.length > 64 || seen.has(id)) continue;
      seen.add(id);
      const by = m.get('by');
      const on = m.get('on');
      talks.push({ id, by: typeof by === 'string' ? by.trim().slice(0, 200) : '', on: isValidIsoDate(on) ? on : null });
    }
  } catch {
    // the root exists as another type: no talks
  }
  return { worries: text(CASE_DOC.houseWorries), good: text(CASE_DOC.houseGood), dreams: text(CASE_DOC.houseDreams), talks };
}

export const SOS_COLUMNS = ['worries', 'strengths', 'next'] as const;
export type SosColumn = (typeof SOS_COLUMNS)[number];

export interface ActionRow {
  id: string;
  position: number;
  title: string;
  responsibleUserId: string | null;
  ladderStep: number | null;
  /** YYYY-MM-DD, or null when empty or invalid. */
  dueDate: string | null;
  status: ActionStatus;
}

export interface ParsedActions {
  rows: ActionRow[];
  /** Fields that hold a value that is not valid (shown as invalid in the UI). */
  invalid: Array<{ id: string; field: 'dueDate' | 'ladderStep' | 'status' | 'title' }>;
}

/** True for a real calendar date written as YYYY-MM-DD. */
export function isValidIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 2000 && y <= 2100;
}

const MAX_TITLE = 500;

/** Reads the action plan; never throws on odd values. */
export function parseActions(doc: Y.Doc): ParsedActions {
  const rows: ActionRow[] = [];
  const invalid: ParsedActions['invalid'] = [];
  const seen = new Set<string>();
  doc.getArray<Y.Map<unknown>>(CASE_DOC.actions).forEach((item, position) => {
    if (typeof (item as { get?: unknown })?.get !== 'function') return;
    const id = item.get('id');
    if (typeof id !== 'string' || id.length < 1 || id.length > 64 || seen.has(id)) return;
    seen.add(id);
    const rawTitle = item.get('title');
    const title = typeof rawTitle === 'string' ? rawTitle.trim().slice(0, MAX_TITLE) : '';
    if (typeof rawTitle === 'string' && rawTitle.length > MAX_TITLE) invalid.push({ id, field: 'title' });
    const responsible = item.get('responsibleUserId');
    const step = item.get('ladderStep');
    let ladderStep: number | null = null;
    if (typeof step === 'number' && Number.isInteger(step) && step >= 0 && step <= 5) ladderStep = step;
    else if (step !== undefined && step !== null && step !== '') invalid.push({ id, field: 'ladderStep' });
    const due = item.get('dueDate');
    let dueDate: string | null = null;
    if (isValidIsoDate(due)) dueDate = due;
    else if (due !== undefined && due !== null && due !== '') invalid.push({ id, field: 'dueDate' });
    const rawStatus = item.get('status');
    let status: ActionStatus = 'PLANNED';
    if ((ACTION_STATUSES as readonly unknown[]).includes(rawStatus)) status = rawStatus as ActionStatus;
    else if (rawStatus !== undefined) invalid.push({ id, field: 'status' });
    rows.push({
      id,
      position,
      title,
      responsibleUserId: typeof responsible === 'string' && responsible.length <= 64 ? responsible : null,
      ladderStep,
      dueDate,
      status,
    });
  });
  return { rows, invalid };
}

/** The highest Indsatstrappen step among actions that are still active. */
export function activeLadderStep(rows: ActionRow[]): number | null {
  let max: number | null = null;
  for (const r of rows) {
    if (r.status === 'DONE' || r.status === 'DROPPED' || r.ladderStep === null) continue;
    max = max === null ? r.ladderStep : Math.max(max, r.ladderStep);
  }
  return max;
}
