/**
 * The answers of the key figures year view (docs/SPEC.md, KF1-KF7), one definition for the server that builds them
 * and the web that shows them.
 */
import type { ForumType } from './domain.js';

/** A count as shown: its value, or hidden ("lt5" is shown as "<5", "x" as "x"), never both. */
export interface Cell {
  value: number | null;
  hidden: 'lt5' | 'x' | null;
}

/** A share 0-1 (three decimals); null with hidden=true when a part of it is hidden, with hidden=false when its base is 0. */
export interface Share {
  value: number | null;
  hidden: boolean;
}

export interface MovementRow {
  month: string | null;
  up: Cell;
  down: Cell;
  /** Down minus up: the net movement down the ladder (shown only when both are). */
  net: Cell;
}

export interface StockRow {
  month: string;
  /** One per key of the table (levels 1-5 and none, or steps 0-5 and none), then the total (open cases). */
  cells: Cell[];
}

export interface FirstActionRow {
  month: string | null;
  /** First action within straksDays of the case's creation. */
  straks: Cell;
  /** First action later. */
  later: Cell;
  /** No action yet, created more than straksDays ago. */
  none: Cell;
  /** The cases counted: created in the month, with an action or older than straksDays. */
  total: Cell;
  /** straks / (straks + later + none). */
  share: Share;
}

export interface FollowUpRow {
  month: string | null;
  onTime: Cell;
  late: Cell;
  missed: Cell;
  /** Follow-ups due (not cancelled) by now. */
  total: Cell;
  share: Share;
}

export interface ForumFigures {
  forum: { id: string; name: string; type: ForumType };
  up: Cell;
  down: Cell;
  /** Cases counted for the first action (created in the period, with an action or older than straksDays). */
  newCases: Cell;
  straksShare: Share;
  followUpsDue: Cell;
  onTimeShare: Share;
  /** Open cases at the end of the period. */
  openAtEnd: Cell;
}

export interface YearFigures {
  scope: { kind: 'municipality' | 'forum'; id: string; name: string; forumType: ForumType | null };
  period: { from: string; to: string };
  months: string[];
  /** Counts covering fewer children than this are hidden. */
  threshold: number;
  straksDays: number;
  straksAim: number;
  /** The municipality's names of Børnelinealen levels 1-5. */
  levelLabels: string[];
  movements: { rows: MovementRow[]; total: MovementRow };
  /** Columns: levels 1-5, none, total. */
  levels: { rows: StockRow[] };
  /** Columns: steps 0-5, none, total. */
  steps: { rows: StockRow[] };
  firstAction: { rows: FirstActionRow[]; total: FirstActionRow; medianDays: number | null };
  followUps: { rows: FollowUpRow[]; total: FollowUpRow };
  /** The municipality's view: each forum's figures for the period; null on a forum's view. */
  forums: ForumFigures[] | null;
}

export interface KeyFigureScopes {
  municipality: { id: string; name: string } | null;
  forums: Array<{ id: string; name: string; type: ForumType }>;
}
