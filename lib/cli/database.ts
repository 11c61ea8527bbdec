// Opens the database for one command, turns driver errors into actionable messages, and always closes it
// (an open PGlite keeps the process alive and holds the data directory's lock).
import { type DbHandle, type OpenOptions, openDatabase } from '../../db/client';
import { asDatabaseError, DatabaseError, isDriverError } from '../../db/errors';
import { RegistryError } from '../registry/errors';

export async function withDatabase<T>(
  options: OpenOptions,
  fn: (handle: DbHandle) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase(options);
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
