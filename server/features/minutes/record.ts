/**
 * MN4: a discussed case in the minutes as its version (VR1) keeps it: what was written and agreed when the chair
 * concluded it at this meeting, with the writer and sector of each passage of the concern note, whatever the
 * document says today. Only the record's own content; the case's identity fields are never part of it (MN5).
 */
import type { CaseVersionContent } from '../../../shared/api.js';
import { HOUSES, SOS_COLUMNS, type House } from '../../../shared/caseDoc.js';
import type { LegalBasisKind, Sector } from '../../../shared/domain.js';
import { HOUSE_LABELS } from '../../../shared/family.js';
import { ACTION_STATUS_LABELS_DA, LEGAL_BASIS_LABELS_DA, SECTOR_LABELS_DA, SOS_COLUMN_LABELS_DA, ladderStepInWords } from '../../../shared/labels.js';
import { danishShortDate, person, type ActionLine } from './format.js';
import type { Redactor } from './redact-identity.js';

export interface CaseRecordView {
  /** Paragraphs of the concern note; each run with "Anna Jensen, Skole" (or null when its writer is unknown). */
  concern: Array<Array<{ text: string; writer: string | null }>>;
  sos: Array<{ heading: string; points: string[] }>;
  voice: string | null;
  /** FA5: the child's Three Houses as kept with the version; null for a version kept before the case had them. */
  houses: HousesRecordView | null;
  network: string[];
}

export interface HousesRecordView {
  /** Who spoke with the child and when: "Mette Skov, lærer, 20.11.2026". */
  talks: string[];
  /** Each house in order: its name, the child's words (null when none), and whether a drawing is kept with the case. */
  houses: Array<{ house: House; name: string; words: string | null; drawing: boolean }>;
}

export interface VersionRow {
  level: number;
  sosScale: number;
  basis: LegalBasisKind;
  content: CaseVersionContent;
}

/** Who wrote a passage, as the minutes print it after the passage: "Anna Jensen, Skole". */
export function writerLabel(writer: { name: string; sector: Sector | null } | undefined): string | null {
  if (!writer) return null;
  return writer.sector ? `${writer.name}, ${SECTOR_LABELS_DA[writer.sector]}` : writer.name;
}

/**
 * `drawings`: the houses with a photo of the child's drawing kept with the case (FA6). The minutes never hold the
 * image: they say "tegning vedlagt sagen".
 */
export function presentRecord(
  version: VersionRow,
  redact: Redactor,
  currentSectorOf: (userId: string) => Sector | undefined,
  drawings: ReadonlySet<House> = new Set(),
) {
  const c = version.content;
  const writer = (id: string | null) => (id ? c.writers[id] : undefined);
  // The sector as it was recorded with the version; a person named only as responsible may lack one there.
  const named = (id: string) => person(writer(id)?.name, writer(id)?.sector ?? currentSectorOf(id));

  const concern = c.concern
    .map((runs) =>
      mergeRuns(runs)
        .map((r) => ({ text: redact(r.text), writer: writerLabel(writer(r.writerId)) }))
        .filter((r) => r.text.trim() !== ''),
    )
    .filter((p) => p.length > 0);
  const sos = SOS_COLUMNS.map((column) => ({
    heading: SOS_COLUMN_LABELS_DA[column],
    points: c.sos[column].map((p) => redact(p.text).trim()).filter(Boolean),
  }));
  const network = c.network
    .map((n) => {
      const who = [n.name, n.relation && `(${n.relation})`].filter(Boolean).join(' ');
      return redact([who, n.contribution].filter(Boolean).join(' – ')).trim();
    })
    .filter(Boolean);
  const actions: ActionLine[] = c.actions.map((a) => ({
    title: redact(a.title),
    responsible: a.responsibleUserId ? named(a.responsibleUserId) : null,
    dueDate: a.dueDate,
    step: ladderStepInWords(a.ladderStep),
    status: ACTION_STATUS_LABELS_DA[a.status],
  }));
  const followUp = c.followUp
    ? { label: 'Opfølgning', value: `${danishShortDate(c.followUp.dueDate)}, ansvarlig ${named(c.followUp.responsibleUserId)}` }
    : c.noFollowUpReason
      ? { label: 'Ingen opfølgning', value: redact(c.noFollowUpReason) }
      : { label: 'Ingen opfølgning aftalt', value: null };
  const voice = redact(c.voice.text).trim();
  const h = c.houses;
  // MN5 in the child's words and in who spoke with the child, like every other free text of the record.
  const houses: HousesRecordView | null = h
    ? {
        talks: (h.talks ?? [])
          .map((t) => [redact(t.by ?? '').trim(), t.on ? danishShortDate(t.on) : null].filter(Boolean).join(', '))
          .filter(Boolean),
        houses: HOUSES.map((house) => ({
          house,
          name: HOUSE_LABELS.da[house].name,
          words: redact(typeof h[house] === 'string' ? h[house] : '').trim() || null,
          drawing: drawings.has(house),
        })),
      }
    : null;
  return {
    basis: { label: 'Hjemmel', value: LEGAL_BASIS_LABELS_DA[version.basis] },
    view: { concern, sos, voice: voice || null, houses, network } satisfies CaseRecordView,
    outcome: c.outcome === null ? null : redact(c.outcome),
    actions,
    followUp,
  };
}

/** Neighbouring runs of one writer are one passage: the writer is printed once after it. */
function mergeRuns(runs: CaseVersionContent['concern'][number]) {
  const out: Array<{ text: string; writerId: string | null }> = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.writerId === r.writerId) last.text += r.text;
    else out.push({ ...r });
  }
  return out;
}
