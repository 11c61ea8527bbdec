// The web server's database handle: opened on first use (never at import: `next build` imports route modules),
// cached on globalThis so dev-mode reloads reuse it instead of opening a second PGlite on the same directory.
import { type Database, type DbHandle, openDatabase } from './client';

const globalForDb = globalThis as unknown as { registryDb?: Promise<DbHandle> };

export async function getServerDb(): Promise<Database> {
  if (!globalForDb.registryDb) {
    globalForDb.registryDb = openDatabase({ maxConnections: 10, connectTimeoutSeconds: 10 }).catch(
      (error) => {
        globalForDb.registryDb = undefined; // let the next request try again
        throw error;
      },
    );
  }
  return (await globalForDb.registryDb).db;
}
