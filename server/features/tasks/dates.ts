/**
 * Calendar dates for due dates and "today". `@db.Date` columns come back from
 * Prisma as UTC midnight; "today" and "overdue" are decided in Europe/Copenhagen.
 */
import { TIME_ZONE } from '../../../shared/domain.js';

const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Copenhagen as 'YYYY-MM-DD'. */
export function todayInCopenhagen(now: Date = new Date()): string {
  return ymd.format(now);
}

/** The calendar date of an instant in Copenhagen, 'YYYY-MM-DD'. */
export const copenhagenDateOf = todayInCopenhagen;

/** A `@db.Date` value as 'YYYY-MM-DD'. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD' as the Date Prisma expects for a `@db.Date` column. */
export function dateValue(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** 'YYYY-MM-DD' plus n days (n may be negative). */
export function addDays(iso: string, n: number): string {
  const d = dateValue(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDate(d);
}

/** 'YYYY-MM-DD' plus n months, clamped to the month's last day. */
export function addMonths(iso: string, n: number): string {
  const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return isoDate(first);
}
