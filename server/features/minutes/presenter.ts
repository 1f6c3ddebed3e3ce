/** Shapes a closed meeting into the Danish text of its minutes (referat). */
import { LADDER_LABELS_DA, TIME_ZONE, type ForumType, type Sector } from '../../../shared/domain.js';
import { ACTION_STATUS_LABELS_DA, FORUM_TYPE_LABELS_DA, SECTOR_LABELS_DA } from '../../../shared/labels.js';
import { isoDate, todayInCopenhagen } from '../tasks/dates.js';
import type { MinutesRows } from './service.js';

export interface MinutesView {
  municipality: string;
  forumName: string;
  forumType: string;
  dateTime: string;
  place: string | null;
  participants: string[];
  items: Array<{
    heading: string;
    description: string;
    assessment: string | null;
    outcome: string | null;
    actions: string[];
    followUp: string;
  }>;
}

const longDate = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const clock = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "24. november 2026 kl. 09.00" in Copenhagen time. */
export function danishDateTime(d: Date): string {
  return `${longDate.format(d)} kl. ${clock.format(d).replace(':', '.')}`;
}

/** 'YYYY-MM-DD' as 'dd.mm.yyyy'. */
export function danishShortDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** The download name: no personal data, just the forum type and the meeting's date. */
export function minutesFileName(type: ForumType, startsAt: Date): string {
  return `referat-${type.toLowerCase().replace(/_/g, '-')}-${todayInCopenhagen(startsAt)}.pdf`;
}

const person = (name: string | undefined, sector: Sector | undefined) =>
  `${name ?? 'Ukendt'}${sector ? ` (${SECTOR_LABELS_DA[sector]})` : ''}`;

export function presentMinutes(rows: MinutesRows): MinutesView {
  const { meeting, sectorOf, nameOf, levelLabels } = rows;
  const participants = meeting.participants.map((p) =>
    p.userId ? person(p.user?.name, sectorOf.get(p.userId)) : `${p.guestLabel ?? 'Gæst'} (gæst)`,
  );
  const assessmentOf = new Map(meeting.assessments.map((a) => [a.caseId, a]));
  const followUpOf = new Map(rows.followUps.map((f) => [f.caseId, f]));
  return {
    municipality: meeting.forum.municipality.name,
    forumName: meeting.forum.name,
    forumType: FORUM_TYPE_LABELS_DA[meeting.forum.type],
    dateTime: danishDateTime(meeting.startsAt),
    place: meeting.place,
    participants,
    items: meeting.agendaItems.map((item, index) => {
      const a = assessmentOf.get(item.case.id);
      const f = followUpOf.get(item.case.id);
      const followUp = f
        ? `Opfølgning: ${danishShortDate(isoDate(f.dueDate))}, ansvarlig ${person(f.responsible.name, sectorOf.get(f.responsibleUserId))}`
        : item.noFollowUpReason
          ? `Ingen opfølgning: ${item.noFollowUpReason}`
          : 'Ingen opfølgning aftalt';
      return {
        heading: `${index + 1}. Sag ${item.case.reference}`,
        description: item.case.description,
        assessment: a
          ? `Børnelinealen: ${a.level} – ${levelLabels[a.level - 1] ?? ''}. Signs of Safety-skala: ${a.sosScale}/10`
          : null,
        outcome: item.outcome,
        actions: item.case.actions.map((act) => {
          const who = act.responsibleUserId ? person(nameOf.get(act.responsibleUserId), sectorOf.get(act.responsibleUserId)) : 'ingen ansvarlig';
          const due = act.dueDate ? `, frist ${danishShortDate(isoDate(act.dueDate))}` : '';
          const stepLabel = act.ladderStep !== null ? LADDER_LABELS_DA[act.ladderStep] : undefined;
          const step = stepLabel ? `, Indsatstrappen trin ${act.ladderStep} (${stepLabel})` : '';
          return `${act.title} – ${who}${due}${step} – ${ACTION_STATUS_LABELS_DA[act.status]}`;
        }),
        followUp,
      };
    }),
  };
}
