import { describe, expect, it } from 'vitest';
import { CPR_REDACTED, findCprNumbers, redactCpr } from './cpr.js';
import { findFirstNames } from './firstNames.js';

describe('CPR detection', () => {
  it('[LB2] finds DDMMYY-XXXX and DDMMYYXXXX, not other numbers', () => {
    expect(findCprNumbers('Barnet har cpr 120315-1234.')).toEqual(['120315-1234']);
    expect(findCprNumbers('cpr 1203151234 og tlf 12345678')).toEqual(['1203151234']);
    expect(findCprNumbers('cpr 120315 1234')).toEqual(['120315 1234']);
    expect(findCprNumbers('dreng, 4 år, 2 søskende, født 2021, tlf. 20 30 40 50')).toEqual([]);
    expect(findCprNumbers('ordrenr 991399-1234 og 12345678901')).toEqual([]);
  });

  it('[LB2] finds common Danish first names written as names, not the same letters as ordinary words', () => {
    expect(findFirstNames('Oliver Hansen, 4 år')).toEqual(['Oliver']);
    expect(findFirstNames('dreng, 4 år, dagtilbud i distrikt Nord; mor og Emma')).toEqual(['Emma']);
    expect(findFirstNames('dreng, 4 år, emma er en legekammerat')).toEqual([]);
    expect(findFirstNames('pige, 9 år, skole i distrikt Syd')).toEqual([]);
  });

  it('[LB2] redacts CPR numbers and leaves other numbers', () => {
    expect(redactCpr('Møde med far 120315-1234 og 12345678')).toBe(`Møde med far ${CPR_REDACTED} og 12345678`);
    expect(redactCpr('Samtale med forældre')).toBe('Samtale med forældre');
  });
});
