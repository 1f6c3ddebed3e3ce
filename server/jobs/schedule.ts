/**
 * When a periodic job is due. Two shapes cover every job we have: every n
 * minutes (n divides 60, or is 60: on the hour) and once a day at a wall-clock
 * time in Europe/Copenhagen. Each gives the cron expression pg-boss persists,
 * the interval the start-up catch-up compares the last success with, and the
 * next due time the administration shows — without a cron parser of our own.
 */
import { TIME_ZONE } from '../../shared/domain.js';

export type Schedule = { everyMinutes: number } | { dailyAt: string };

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

function dailyParts(at: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new Error(`dailyAt must be HH:MM, got ${at}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

export function checkSchedule(schedule: Schedule): void {
  if ('everyMinutes' in schedule) {
    const n = schedule.everyMinutes;
    if (!Number.isInteger(n) || n < 1 || n > 60 || 60 % n !== 0) throw new Error(`everyMinutes must divide 60, got ${n}`);
  } else {
    dailyParts(schedule.dailyAt);
  }
}

/** The cron expression and its time zone, as pg-boss's `schedule` takes them. */
export function cronOf(schedule: Schedule): { cron: string; tz: string } {
  if ('everyMinutes' in schedule) {
    const n = schedule.everyMinutes;
    return { cron: n === 60 ? '0 * * * *' : n === 1 ? '* * * * *' : `*/${n} * * * *`, tz: 'UTC' };
  }
  const { hour, minute } = dailyParts(schedule.dailyAt);
  return { cron: `${minute} ${hour} * * *`, tz: TIME_ZONE };
}

export function intervalMs(schedule: Schedule): number {
  return 'everyMinutes' in schedule ? schedule.everyMinutes * MINUTE_MS : DAY_MS;
}

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Copenhagen's offset from UTC at an instant, in ms. */
function offsetAt(t: number): number {
  const p = Object.fromEntries(parts.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return wall - Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

/** The instant at which Copenhagen's clock shows y-m-d h:min (a time in the spring gap comes out an hour later). */
function copenhagenInstant(y: number, m: number, d: number, hour: number, minute: number): number {
  const wall = Date.UTC(y, m, d, hour, minute);
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return t;
}

/** The first due time strictly after `after`. */
export function nextDue(schedule: Schedule, after: Date): Date {
  const t = after.getTime();
  if ('everyMinutes' in schedule) {
    // Copenhagen's offset is whole hours, so minute marks are the same in UTC.
    const step = schedule.everyMinutes * MINUTE_MS;
    return new Date(Math.floor(t / step) * step + step);
  }
  const { hour, minute } = dailyParts(schedule.dailyAt);
  const p = Object.fromEntries(parts.formatToParts(after).map((x) => [x.type, x.value]));
  const [y, m, d] = [Number(p.year), Number(p.month) - 1, Number(p.day)];
  for (let k = 0; k < 3; k++) {
    const candidate = copenhagenInstant(y, m, d + k, hour, minute);
    if (candidate > t) return new Date(candidate);
  }
  throw new Error('unreachable: a daily time recurs within three days');
}
