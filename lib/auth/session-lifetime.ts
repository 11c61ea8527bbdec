// How long a session lasts: AUTH_SESSION_MAX_AGE_HOURS after sign-in, whatever the activity in between. Edge-safe
// (no database, no Node APIs): the proxy's Auth.js config reads it as well as the server.

const DEFAULT_SESSION_MAX_AGE_HOURS = 8;
const MAX_SESSION_MAX_AGE_HOURS = 720;

/** AUTH_SESSION_MAX_AGE_HOURS, checked: a positive number of hours (fractions allowed), at most 30 days. */
export function sessionMaxAgeHours(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.AUTH_SESSION_MAX_AGE_HOURS?.trim();
  if (!raw) return DEFAULT_SESSION_MAX_AGE_HOURS;
  const hours = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || hours <= 0 || hours > MAX_SESSION_MAX_AGE_HOURS) {
    throw new Error(
      `AUTH_SESSION_MAX_AGE_HOURS must be how many hours a session lasts after sign-in, a number above 0 and at most ${MAX_SESSION_MAX_AGE_HOURS} (e.g. 8), got "${raw}".`,
    );
  }
  return hours;
}

export function sessionMaxAgeSeconds(env?: Readonly<Record<string, string | undefined>>): number {
  return Math.round(sessionMaxAgeHours(env) * 3600);
}

/**
 * Whether a session token is still one: it names its server-side session and says when it signed in, and that
 * was less than the maximum age ago. Auth.js renews a token's expiry on every response; this does not move.
 */
export function isTokenCurrent(
  token: Readonly<Record<string, unknown>>,
  nowSeconds: number = Date.now() / 1000,
  maxAgeSeconds: number = sessionMaxAgeSeconds(),
): boolean {
  if (typeof token.sid !== 'string' || token.sid === '') return false;
  if (typeof token.signedInAt !== 'number' || !Number.isFinite(token.signedInAt)) return false;
  return nowSeconds - token.signedInAt < maxAgeSeconds && token.signedInAt <= nowSeconds + 60;
}
