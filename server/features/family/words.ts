/** How the family's version writes dates and the next meeting, in short Danish sentences (FA3). */
import { TIME_ZONE } from '../../../shared/domain.js';

const weekdayDate = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const dayMonthYear = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const clock = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** 'YYYY-MM-DD' as "12. januar 2027". */
export function familyDate(iso: string): string {
  return dayMonthYear.format(new Date(`${iso}T00:00:00Z`));
}

/** "tirsdag den 12. januar 2027 kl. 10.00" in Copenhagen time. */
export function familyDateTime(d: Date): string {
  // da-DK writes "tirsdag den 12. januar 2027" (the "den" included) and "10.00".
  return `${weekdayDate.format(d)} kl. ${clock.format(d).replace(':', '.')}`;
}

/** The first draft of "Næste møde": the next meeting the case is on, else its planned follow-up, else nothing. */
export function nextMeetingSentence(meeting: { startsAt: Date; place: string | null } | null, followUpDue: string | null): string {
  if (meeting) return `Vi mødes igen ${familyDateTime(meeting.startsAt)}.${meeting.place ? ` Mødet er i ${meeting.place}.` : ''}`;
  if (followUpDue) return `Vi mødes igen omkring ${familyDate(followUpDue)}.`;
  return '';
}
