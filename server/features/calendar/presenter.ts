/**
 * Turns calendar rows into iCalendar text. Only forum names and, for
 * follow-ups, case references go in: never a description, a name, an action's
 * text or anything about a child.
 */
import { CALENDAR_TEXT_DA } from '../../../shared/labels.js';
import { isoDate, addDays } from '../tasks/dates.js';
import { calendar, dateOnly, escapeText, utcDateTime, type Property } from './ics.js';
import type { CalendarRows } from './service.js';

export const MEETING_DEFAULT_MINUTES = 60;
const UID_DOMAIN = 'samraad';
/** The summary of an action's deadline (the feed is Danish, like CALENDAR_TEXT_DA's). */
export const ACTION_DEADLINE_DA = (forumName: string) => `Frist for opgave, ${forumName}`;

export function presentCalendar(rows: CalendarRows, now: Date): string {
  const stamp = utcDateTime(now);
  const components: Array<{ type: string; props: Property[] }> = [];
  for (const m of rows.meetings) {
    const props: Property[] = [
      ['UID', `meeting-${m.id}@${UID_DOMAIN}`],
      ['DTSTAMP', stamp],
      ['DTSTART', utcDateTime(m.startsAt)],
      ['DTEND', utcDateTime(new Date(m.startsAt.getTime() + MEETING_DEFAULT_MINUTES * 60_000))],
      ['SUMMARY', escapeText(CALENDAR_TEXT_DA.meeting(m.forum.name))],
    ];
    if (m.place) props.push(['LOCATION', escapeText(m.place)]);
    props.push(['STATUS', 'CONFIRMED']);
    components.push({ type: 'VEVENT', props });
  }
  for (const f of rows.followUps) {
    const due = isoDate(f.dueDate);
    components.push({
      type: 'VEVENT',
      props: [
        ['UID', `followup-${f.id}@${UID_DOMAIN}`],
        ['DTSTAMP', stamp],
        ['DTSTART;VALUE=DATE', dateOnly(due)],
        ['DTEND;VALUE=DATE', dateOnly(addDays(due, 1))],
        ['SUMMARY', escapeText(CALENDAR_TEXT_DA.followUp(f.case.forum.name, f.case.reference))],
        ['TRANSP', 'TRANSPARENT'],
      ],
    });
  }
  // ML7: an action's deadline names only the forum: no case reference, no title (the task list has the rest).
  for (const a of rows.actions) {
    if (!a.dueDate) continue;
    const due = isoDate(a.dueDate);
    components.push({
      type: 'VEVENT',
      props: [
        ['UID', `action-${a.id}@${UID_DOMAIN}`],
        ['DTSTAMP', stamp],
        ['DTSTART;VALUE=DATE', dateOnly(due)],
        ['DTEND;VALUE=DATE', dateOnly(addDays(due, 1))],
        ['SUMMARY', escapeText(ACTION_DEADLINE_DA(a.case.forum.name))],
        ['TRANSP', 'TRANSPARENT'],
      ],
    });
  }
  return calendar(
    [
      ['VERSION', '2.0'],
      ['PRODID', '-//Samråd//Kalender//DA'],
      ['CALSCALE', 'GREGORIAN'],
      ['METHOD', 'PUBLISH'],
      ['X-WR-CALNAME', 'Samråd'],
      ['X-WR-TIMEZONE', 'Europe/Copenhagen'],
    ],
    components,
  );
}
