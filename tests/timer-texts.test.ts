/** The meeting timer's screen-reader texts (docs/SPEC.md, WB18). */
import { describe, expect, it } from 'vitest';
import { timerTexts } from '../web/src/features/meeting/useTimer.js';
import { da, type MessageKey } from '../web/src/i18n/da.js';
import { en } from '../web/src/i18n/en.js';

const tr = (dict: Record<string, string>) => (key: MessageKey, vars?: Record<string, string | number>) =>
  dict[key]!.replace(/\{(\w+)\}/g, (_, n: string) => String(vars?.[n]));

describe('timer texts', () => {
  it('[WB18] "tilbage" only while there is time; at and just after zero "Tiden er gået"; never "0 min over"', () => {
    const t = tr(da);
    expect(timerTexts(t, 5 * 60_000)).toEqual({ over: false, hidden: '5:00 tilbage', announcement: '' });
    expect(timerTexts(t, 30_000)).toEqual({ over: false, hidden: '0:30 tilbage', announcement: 'Under ét minut tilbage' });
    for (const ms of [0, -1, -59_999]) {
      const x = timerTexts(t, ms);
      expect(x).toEqual({ over: true, hidden: 'Tiden er gået', announcement: 'Tiden er gået' });
    }
    expect(timerTexts(t, -60_000).announcement).toBe('Tiden er gået – 1 min over');
    expect(timerTexts(t, -3 * 60_000 - 5_000).hidden).toBe('Tiden er gået – 3 min over');
    for (let ms = -10 * 60_000; ms <= 0; ms += 7_000) {
      const x = timerTexts(t, ms);
      expect(x.hidden).not.toContain('tilbage');
      expect(x.announcement).not.toMatch(/(^|\D)0 min over/);
    }
  });

  it('[WB18] the same in English', () => {
    const t = tr(en);
    expect(timerTexts(t, 0).hidden).toBe('Time is up');
    expect(timerTexts(t, -120_000).hidden).toBe('Time is up – 2 min over');
    expect(timerTexts(t, 90_000).hidden).toBe('1:30 left');
  });
});
