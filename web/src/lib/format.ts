/** Dates and times shown in Danish (or English) format, always in Europe/Copenhagen. */
import { TIME_ZONE } from '../../../shared/domain.js';
import type { Lang } from '../i18n/index.js';

const locale = (lang: Lang) => (lang === 'da' ? 'da-DK' : 'en-GB');
const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, ...opts })));
  return f;
}

/** An instant (ISO with offset) as date and time, e.g. "24. nov. 2026 09.00". */
export function formatDateTime(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return fmt(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A calendar date 'YYYY-MM-DD' (no time zone shift), e.g. "1. dec. 2026". */
export function formatDay(lang: Lang, day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  // Noon UTC is the same calendar day in Copenhagen.
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return fmt(lang, { dateStyle: 'medium' }).format(d);
}

/** 'YYYY-MM' as "november 2026". */
export function formatMonth(lang: Lang, month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return fmt(lang, { month: 'short', year: 'numeric' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15, 12)));
}

/** Today in Copenhagen as 'YYYY-MM-DD'. */
export function todayInCopenhagen(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return parts; // en-CA formats as YYYY-MM-DD
}

/** The UTC offset of Copenhagen at a local wall-clock date and time, as "+01:00". */
export function copenhagenOffset(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const minutes = Math.round((asUtc - guess.getTime()) / 60000);
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
