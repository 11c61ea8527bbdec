import { describe, expect, it } from 'vitest';
import { timeAgo, utcTimestamp } from './time-ago';

const now = new Date('2026-03-10T12:00:00Z');
const earlier = (ms: number) => new Date(now.getTime() - ms);

describe('timeAgo', () => {
  it('says how long ago in one unit, rounded down', () => {
    expect(timeAgo(earlier(0), now)).toBe('just now');
    expect(timeAgo(earlier(59_999), now)).toBe('just now');
    expect(timeAgo(earlier(60_000), now)).toBe('1 min ago');
    expect(timeAgo(earlier(59 * 60_000 + 59_999), now)).toBe('59 min ago');
    expect(timeAgo(earlier(2 * 3_600_000 + 1), now)).toBe('2 h ago');
    expect(timeAgo(earlier(3 * 86_400_000), now)).toBe('3 d ago');
  });
  it('gives the date once it is a month old, and "just now" for a clock slightly ahead', () => {
    expect(timeAgo(earlier(30 * 86_400_000), now)).toBe('2026-02-08');
    expect(timeAgo(new Date(now.getTime() + 5_000), now)).toBe('just now');
  });
  it('prints the exact instant in UTC', () => {
    expect(utcTimestamp(new Date('2026-01-31T09:15:00.123Z'))).toBe('2026-01-31 09:15:00 UTC');
  });
});
