/** Time left for the current case, from the server's clock (serverNow corrects the local one). */
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../i18n/da.js';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/** Milliseconds left (negative when over), or null when no case is running. */
export function timeLeftMs(startedAt: string | null, timeboxMinutes: number, now: number, clockOffset: number): number | null {
  if (!startedAt) return null;
  const started = Date.parse(startedAt);
  if (Number.isNaN(started)) return null;
  return timeboxMinutes * 60_000 - (now + clockOffset - started);
}

export function formatClock(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/**
 * What a screen reader hears (WB18): the time left while there is some; when it is up, "Tiden er gået", and the
 * minutes over only from the first whole one (never "tilbage" after the time, never "0 min over").
 * `hidden` is the timer's text; `announcement` the polite live region's (at most once a minute).
 */
export function timerTexts(t: Translate, leftMs: number): { over: boolean; hidden: string; announcement: string } {
  const over = leftMs <= 0;
  if (!over) return { over, hidden: t('meeting.timeLeft', { time: formatClock(leftMs) }), announcement: leftMs <= 60_000 ? t('meeting.oneMinute') : '' };
  const minutes = Math.floor(-leftMs / 60_000);
  const text = minutes >= 1 ? t('meeting.overtime', { n: minutes }) : t('meeting.timeUp');
  return { over, hidden: text, announcement: text };
}
