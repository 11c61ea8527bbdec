// Opens the database for one command, turns driver errors into actionable messages, and always closes it
// (an open PGlite keeps the process alive and holds the data directory's lock).
import type { DbHandle, OpenOptions } from '../../db/client';
import { type Driver, type DriverOptions, openDriver } from '../../db/driver';
import { asDatabaseError, DatabaseError, isDriverError } from '../../db/errors';
import { RegistryError } from '../registry/errors';

/** With Drizzle and the schema: what almost every command needs. */
export async function withDatabase<T>(
  options: OpenOptions,
  fn: (handle: DbHandle) => Promise<T>,
): Promise<T> {
  // Loaded on use, so a command that needs only the driver (models:check) never loads the ORM.
  const { openDatabase } = await import('../../db/client');
  return using(await openDatabase(options), fn);
}

/** The bare driver: for a command that sends one plain SQL text and must start fast. */
export async function withDriver<T>(options: DriverOptions, fn: (driver: Driver) => Promise<T>): Promise<T> {
  return using(await openDriver(options), fn);
}

async function using<H extends Pick<DbHandle, 'target' | 'close'>, T>(
  handle: H,
  fn: (handle: H) => Promise<T>,
): Promise<T> {
  try {
    return await fn(handle);
  } catch (error) {
    if (!(error instanceof RegistryError) && !(error instanceof DatabaseError) && isDriverError(error))
      throw asDatabaseError(error, handle.target);
    throw error;
  } finally {
    await handle.close().catch(() => {});
  }
}
