/** How the minutes write dates, people and actions, in Danish. */
import { TIME_ZONE, type ForumType, type Sector } from '../../../shared/domain.js';
import { SECTOR_LABELS_DA } from '../../../shared/labels.js';
import { todayInCopenhagen } from '../tasks/dates.js';

/** An action as the minutes list it; every value already in words. */
export interface ActionLine {
  title: string;
  /** "Mette Skov (Skole)", or null for none. */
  responsible: string | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
  /** "Indsatstrappen trin 2 (Hjemmebaserede indsatser)", or null. */
  step: string | null;
  status: string;
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

/** "Mette Skov (Skole)". */
export const person = (name: string | undefined | null, sector: Sector | undefined | null) =>
  `${name ?? 'Ukendt'}${sector ? ` (${SECTOR_LABELS_DA[sector]})` : ''}`;

/** "Samtale med forældre – Mette Skov (Skole), frist 01.12.2026, Indsatstrappen trin 2 (…) – I gang". */
export function actionLine(a: ActionLine): string {
  const due = a.dueDate ? `, frist ${danishShortDate(a.dueDate)}` : '';
  const step = a.step ? `, ${a.step}` : '';
  return `${a.title} – ${a.responsible ?? 'ingen ansvarlig'}${due}${step} – ${a.status}`;
}
