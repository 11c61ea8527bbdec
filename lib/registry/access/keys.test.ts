import { describe, expect, it } from 'vitest';
import { parseExpiry } from './keys';

const NOW = new Date('2026-12-06T12:00:00Z');

describe('a key expiry', () => {
  it('takes a duration, a calendar day (midnight UTC) or an instant with its offset', () => {
    expect(parseExpiry('90d', NOW).toISOString()).toBe('2027-03-06T12:00:00.000Z');
    expect(parseExpiry('12h', NOW).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(parseExpiry('2027-06-30', NOW).toISOString()).toBe('2027-06-30T00:00:00.000Z');
    expect(parseExpiry('2027-06-30T12:00+02:00', NOW).toISOString()).toBe('2027-06-30T10:00:00.000Z');
  });

  it('refuses what is not one, has passed, or is more than ten years away', () => {
    expect(() => parseExpiry('2027-02-30', NOW)).toThrow(/not a calendar day/);
    expect(() => parseExpiry('2027-06-30T12:00', NOW)).toThrow(/not an expiry/);
    expect(() => parseExpiry('3x', NOW)).toThrow(/not an expiry/);
    expect(() => parseExpiry('2026-01-01', NOW)).toThrow(/has passed/);
    expect(() => parseExpiry('4000d', NOW)).toThrow(/ten years/);
  });
});
