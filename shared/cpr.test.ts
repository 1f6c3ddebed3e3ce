import { describe, expect, it } from 'vitest';
import { findCprNumbers } from './cpr.js';

describe('CPR detection', () => {
  it('[LB2] finds DDMMYY-XXXX and DDMMYYXXXX, not other numbers', () => {
    expect(findCprNumbers('Barnet har cpr 120315-1234.')).toEqual(['120315-1234']);
    expect(findCprNumbers('cpr 1203151234 og tlf 12345678')).toEqual(['1203151234']);
    expect(findCprNumbers('dreng, 4 år, 2 søskende, født 2021, tlf. 20 30 40 50')).toEqual([]);
    expect(findCprNumbers('ordrenr 991399-1234 og 12345678901')).toEqual([]);
  });
});
