// Opens the registry's database with Drizzle on top: one code path (Drizzle's pg-core) serves Postgres
// (postgres.js) and the embedded PGlite alike. Which database, and the driver itself, come from ./driver;
// nothing is opened at import time.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { type DriverOptions, openDriver } from './driver';
import { DatabaseError, describeDatabaseError } from './errors';
import * as schema from './schema';
import type { DatabaseTarget } from './target';

export type { DatabaseTarget } from './target';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The handle a transaction callback receives; it has the same query API as Database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Tx;

export type DbHandle = {
  db: Database;
  target: DatabaseTarget;
  close(): Promise<void>;
};

export type OpenOptions = DriverOptions & {
  /** Sees every statement Drizzle sends (tests count statements with it). */
  logger?: { logQuery(query: string, params: unknown[]): void };
};

export async function openDatabase(options: OpenOptions = {}): Promise<DbHandle> {
  const driver = await openDriver(options);
  const config = { schema, casing: 'snake_case' as const, logger: options.logger };
  try {
    const db =
      driver.engine === 'postgres'
        ? (await import('drizzle-orm/postgres-js')).drizzle(driver.client, config)
        : (await import('drizzle-orm/pglite')).drizzle(driver.client, config);
    return { db: db as unknown as Database, target: driver.target, close: () => driver.close() };
  } catch (error) {
    await driver.close().catch(() => {});
    throw new DatabaseError(describeDatabaseError(error, driver.target), { cause: error });
  }
}
