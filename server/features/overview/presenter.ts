import type { ForumOverview, MeetingSummary } from '../../../shared/api.js';
import { isoDate } from '../tasks/dates.js';
import type { ForumOverviewRows } from './service.js';

export function presentForumOverview(rows: ForumOverviewRows, today: string): ForumOverview {
  const forum = { id: rows.forum.id, name: rows.forum.name, type: rows.forum.type };
  return {
    forum,
    upcomingMeetings: rows.meetings.map(
      (m): MeetingSummary => ({
        id: m.id,
        forumId: forum.id,
        forumName: forum.name,
        forumType: forum.type,
        startsAt: m.startsAt.toISOString(),
        place: m.place,
        videoLink: m.videoLink,
        status: m.status,
        agendaCount: m._count.agendaItems,
      }),
    ),
    openCasesByLevel: rows.byLevel,
    followUpsDue: rows.followUps.map((f) => {
      const dueDate = isoDate(f.dueDate);
      return {
        id: f.id,
        dueDate,
        overdue: dueDate < today,
        case: { id: f.case.id, reference: f.case.reference },
        responsibleName: f.responsible.name,
      };
    }),
    levelLabels: rows.levelLabels,
  };
}
