// Turns driver errors into sentences an operator can act on: what failed, why, and what to do.

import { redactUrls } from './redact';
import type { DatabaseTarget } from './target';

/** The database could not be reached or used. Commands exit 2 on it ("could not tell"). */
export class DatabaseError extends Error {
  readonly kind = 'database' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

type DriverError = { code?: string; message?: string; errno?: string; cause?: unknown };

/** The innermost driver error with a code (Drizzle wraps driver errors in "Failed query: …" errors). */
function driverErrorOf(error: unknown): DriverError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof (current as DriverError).code === 'string') return current as DriverError;
    current = (current as DriverError).cause;
  }
  return undefined;
}

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The driver's own words for an error: the innermost message, never Drizzle's "Failed query: …" wrapper (which
 * carries the whole statement and every parameter), URLs redacted, at most `max` characters. */
function driverMessage(error: unknown, max = 500): string {
  const driverError = driverErrorOf(error);
  const wrapped = (error as Error)?.name === 'DrizzleQueryError' ? (error as Error).cause : undefined;
  const message =
    driverError?.message ??
    (wrapped as Error | undefined)?.message ??
    (error as Error)?.message ??
    String(error);
  return bounded(redactUrls(message), max);
}

/**
 * What a stored error or a log line may say about any failure: a DatabaseError's message, a driver error in the
 * driver's words with its code (never the statement or its parameters), anything else's message; URLs redacted,
 * at most `max` characters.
 */
export function errorSummary(error: unknown, max = 1000): string {
  if (error instanceof DatabaseError) return bounded(redactUrls(error.message), max);
  // An error that names its own kind (the registry's: a provider down, a guard) is its own sentence, even when its
  // cause carries a code (a refused connection's ECONNREFUSED is not the database's).
  if (error instanceof Error && typeof (error as { kind?: unknown }).kind === 'string') {
    return bounded(redactUrls(error.message), max);
  }
  if (isDriverError(error)) {
    const code = driverErrorOf(error)?.code;
    return bounded(`${driverMessage(error, max)}${code ? ` (${code})` : ''}`, max);
  }
  return bounded(redactUrls(error instanceof Error ? error.message : String(error)), max);
}

/** Whether an error came from the database driver (directly or wrapped by Drizzle). */
export function isDriverError(error: unknown): boolean {
  return driverErrorOf(error) !== undefined || (error as Error)?.name === 'DrizzleQueryError';
}

/** Whether `error` is a unique violation (23505) of the named index (postgres.js and PGlite name it differently). */
export function isUniqueViolation(error: unknown, index: string): boolean {
  const driverError = driverErrorOf(error) as
    | (DriverError & { constraint_name?: string; constraint?: string })
    | undefined;
  return driverError?.code === '23505' && (driverError.constraint_name ?? driverError.constraint) === index;
}

function where(target: DatabaseTarget): string {
  if (target.engine === 'pglite') return target.display;
  try {
    const url = new URL(target.url);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return target.display;
  }
}

export function describeDatabaseError(error: unknown, target: DatabaseTarget): string {
  if (error instanceof DatabaseError) return error.message;
  const driverError = driverErrorOf(error);
  const code = driverError?.code;
  const detail = driverMessage(error);
  const at = where(target);
  const fallback =
    target.engine === 'postgres'
      ? 'Start Postgres, fix DATABASE_URL, or unset it to use the embedded database.'
      : '';
  switch (code) {
    case 'ECONNREFUSED':
      return `DATABASE_URL points to ${at} but nothing is listening there (ECONNREFUSED). ${fallback}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DATABASE_URL names a host that cannot be resolved (${code}): ${at}. Fix the host name in DATABASE_URL.`;
    case 'CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return `The database at ${at} did not answer in time (${code}). Check that it is up and reachable. ${fallback}`;
    case 'ECONNRESET':
    case 'CONNECTION_CLOSED':
    case 'CONNECTION_ENDED':
    case 'CONNECTION_DESTROYED':
      return `The connection to the database at ${at} was closed unexpectedly (${code}). Check the server's log and retry.`;
    case '28P01':
    case '28000':
      return `The database at ${at} refused the credentials in DATABASE_URL (${code}: ${detail}). Fix the user name or password.`;
    case '3D000':
      return `The database in DATABASE_URL does not exist on the server (${code}: ${detail}). Create it (createdb) or fix the name.`;
    case '42P01':
    case '3F000':
      return `The registry's tables are missing in ${at} (${code}: ${detail}): the schema is not migrated. Run \`npm run db:migrate\`.`;
    case '42703':
      return `The registry's schema in ${at} is older than this code (${code}: ${detail}). Run \`npm run db:migrate\`.`;
    case '57014':
      return `A query on ${at} was cancelled for taking too long (${code}: statement timeout). Check the database's load and retry.`;
    case '57P01':
    case '57P02':
    case '57P03':
      return `The database at ${at} is shutting down or starting up (${code}). Retry when it is ready.`;
    case '53300':
      return `The database at ${at} has no free connections (${code}: too many clients). Retry, or raise max_connections.`;
    default:
      return `Database error on ${at}${code ? ` (${code})` : ''}: ${detail}`;
  }
}

/** Wraps a driver error as a DatabaseError with an actionable message. */
export function asDatabaseError(error: unknown, target: DatabaseTarget): DatabaseError {
  if (error instanceof DatabaseError) return error;
  return new DatabaseError(describeDatabaseError(error, target), { cause: error });
}
