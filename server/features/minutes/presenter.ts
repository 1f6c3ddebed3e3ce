/** Shapes a closed meeting into the Danish text of its minutes (referat). */
import { ACTION_STATUS_LABELS_DA, FORUM_TYPE_LABELS_DA, ladderStepInWords } from '../../../shared/labels.js';
import { isoDate, todayInCopenhagen } from '../tasks/dates.js';
import { actionLine, danishDateTime, danishShortDate, person } from './format.js';
import { presentRecord, type CaseRecordView } from './record.js';
import type { Redactor } from './redact-identity.js';
import type { MinutesRows } from './service.js';

export interface MinutesFact {
  label: string;
  value: string;
}

export interface MinutesCase {
  /** "1. Sag K7QX": the agenda position among the discussed cases and the reference, never a name. */
  heading: string;
  reference: string;
  description: string;
  /** Legal basis, Børnelinealen, Signs of Safety scale. */
  facts: MinutesFact[];
  /** The content kept when the case was concluded at this meeting (MN4); null for cases concluded before versions. */
  record: CaseRecordView | null;
  outcome: string | null;
  actions: string[];
  /** "Opfølgning: 12.01.2027, ansvarlig …" or "Ingen opfølgning: <reason>"; value null when nothing was agreed. */
  followUp: { label: string; value: string | null };
}

export interface MinutesView {
  /** Document metadata: no case data. */
  title: string;
  municipality: string;
  forumName: string;
  forumType: string;
  dateTime: string;
  place: string | null;
  /** MN3: the meeting's own journal number, else the forum's. */
  journalNumber: string | null;
  participants: string[];
  items: MinutesCase[];
}

export { minutesFileName } from './format.js';

const noRedaction: Redactor = (t) => t;

export function presentMinutes(rows: MinutesRows): MinutesView {
  const { meeting, sectorOf, nameOf, levelLabels } = rows;
  const participants = meeting.participants.map((p) =>
    p.userId ? person(p.user?.name, sectorOf.get(p.userId)) : `${p.guestLabel ?? 'Gæst'} (gæst)`,
  );
  const assessmentOf = new Map(meeting.assessments.map((a) => [a.caseId, a]));
  const followUpOf = new Map(rows.followUps.map((f) => [f.caseId, f]));
  const levelFact = (level: number): MinutesFact => ({ label: 'Børnelinealen', value: `${level} – ${levelLabels[level - 1] ?? ''}` });
  const scaleFact = (scale: number): MinutesFact => ({ label: 'Signs of Safety-skala', value: `${scale}/10` });
  const shortDate = danishShortDate(todayInCopenhagen(meeting.startsAt));
  return {
    title: `Referat – ${meeting.forum.name} – ${shortDate}`,
    municipality: meeting.forum.municipality.name,
    forumName: meeting.forum.name,
    forumType: FORUM_TYPE_LABELS_DA[meeting.forum.type],
    dateTime: danishDateTime(meeting.startsAt),
    place: meeting.place,
    journalNumber: meeting.journalNumber ?? meeting.forum.journalNumber ?? null,
    participants,
    items: meeting.agendaItems.map((item, index) => {
      const redact = rows.redactorOf.get(item.case.id) ?? noRedaction;
      const heading = `${index + 1}. Sag ${item.case.reference}`;
      const description = redact(item.case.description);
      const version = rows.versionOf.get(item.case.id);
      if (version) {
        // MN4: what was agreed then, from the version kept when the chair concluded the case at this meeting.
        const record = presentRecord(version, redact, (userId) => sectorOf.get(userId), rows.drawingsOf.get(item.case.id));
        return {
          heading,
          reference: item.case.reference,
          description,
          facts: [record.basis, levelFact(version.level), scaleFact(version.sosScale)],
          record: record.view,
          outcome: record.outcome,
          actions: record.actions.map(actionLine),
          followUp: record.followUp,
        };
      }
      // Concluded before versions were kept (or not concluded): the rows as they stand, as before MN4.
      const a = assessmentOf.get(item.case.id);
      const f = followUpOf.get(item.case.id);
      const followUp: MinutesCase['followUp'] = f
        ? { label: 'Opfølgning', value: `${danishShortDate(isoDate(f.dueDate))}, ansvarlig ${person(f.responsible.name, sectorOf.get(f.responsibleUserId))}` }
        : item.noFollowUpReason
          ? { label: 'Ingen opfølgning', value: redact(item.noFollowUpReason) }
          : { label: 'Ingen opfølgning aftalt', value: null };
      return {
        heading,
        reference: item.case.reference,
        description,
        facts: a ? [levelFact(a.level), scaleFact(a.sosScale)] : [],
        record: null,
        outcome: item.outcome === null ? null : redact(item.outcome),
        actions: item.case.actions.map((act) =>
          actionLine({
            title: redact(act.title),
            responsible: act.responsibleUserId ? person(nameOf.get(act.responsibleUserId), sectorOf.get(act.responsibleUserId)) : null,
            dueDate: act.dueDate ? isoDate(act.dueDate) : null,
            step: ladderStepInWords(act.ladderStep),
            status: ACTION_STATUS_LABELS_DA[act.status],
          }),
        ),
        followUp,
      };
    }),
  };
}
