import { describe, expect, it } from 'vitest';
import { isTokenCurrent, sessionMaxAgeHours, sessionMaxAgeSeconds } from './session-lifetime';

describe('AUTH_SESSION_MAX_AGE_HOURS', () => {
  it('defaults to 8 hours and takes whole or fractional hours', () => {
    expect(sessionMaxAgeHours({})).toBe(8);
    expect(sessionMaxAgeHours({ AUTH_SESSION_MAX_AGE_HOURS: ' 12 ' })).toBe(12);
    expect(sessionMaxAgeSeconds({ AUTH_SESSION_MAX_AGE_HOURS: '0.5' })).toBe(1800);
  });

  it('refuses a bad value with a message naming the variable and the value', () => {
    for (const bad of ['0', '-1', 'eight', '8h', '1e3', '721', 'NaN']) {
      expect(() => sessionMaxAgeHours({ AUTH_SESSION_MAX_AGE_HOURS: bad })).toThrow(
        `AUTH_SESSION_MAX_AGE_HOURS must be how many hours a session lasts after sign-in, a number above 0 and at most 720 (e.g. 8), got "${bad}".`,
      );
    }
  });
});

describe('a session token', () => {
  const now = 1_800_000_000;
  it('is current until the maximum age after sign-in, however recently it was re-issued', () => {
    expect(isTokenCurrent({ sid: 's', signedInAt: now - 3600 }, now, 8 * 3600)).toBe(true);
    expect(isTokenCurrent({ sid: 's', signedInAt: now - 8 * 3600 }, now, 8 * 3600)).toBe(false);
    expect(
      isTokenCurrent({ sid: 's', signedInAt: now - 2 * 86400, iat: now, exp: now + 3600 }, now, 8 * 3600),
    ).toBe(false);
  });

  it('is refused without a session id or a sign-in time, or with one in the future', () => {
    expect(isTokenCurrent({ signedInAt: now }, now, 3600)).toBe(false);
    expect(isTokenCurrent({ sid: '', signedInAt: now }, now, 3600)).toBe(false);
    expect(isTokenCurrent({ sid: 's' }, now, 3600)).toBe(false);
    expect(isTokenCurrent({ sid: 's', signedInAt: String(now) }, now, 3600)).toBe(false);
    expect(isTokenCurrent({ sid: 's', signedInAt: now + 3600 }, now, 3600)).toBe(false);
  });
});
