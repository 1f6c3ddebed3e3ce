/**
 * Turns calendar rows into iCalendar text. Only forum names and case
 * references go in: never a description, a name or anything about a child.
 */
import { CALENDAR_TEXT_DA } from '../../../shared/labels.js';
import { isoDate, addDays } from '../tasks/dates.js';
import { calendar, dateOnly, escapeText, utcDateTime, type Property } from './ics.js';
import type { CalendarRows } from './service.js';

export const MEETING_DEFAULT_MINUTES = 60;
const UID_DOMAIN = 'samraad';

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
