// "2 h ago" for a table cell, from two instants: the server passes its `now`, so the server render and the browser's
// hydration print the same words.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long before `now` the instant `at` was, in one rounded-down unit; a date once it is a month or more. */
export function timeAgo(at: Date, now: Date): string {
  const elapsed = now.getTime() - at.getTime();
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (elapsed < 30 * DAY) return `${Math.floor(elapsed / DAY)} d ago`;
  return at.toISOString().slice(0, 10);
}

/** The exact instant as the dashboard prints it elsewhere: `2026-01-31 09:15:00 UTC`. */
export function utcTimestamp(at: Date): string {
  return `${at.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}
