// Opens the registry's database: Postgres via postgres.js when DATABASE_URL is set, else embedded PGlite.
// One code path (Drizzle's pg-core) serves both; nothing is opened at import time.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { DatabaseError, describeDatabaseError } from './errors';
import { lockDataDir } from './pglite-lock';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** The handle a transaction callback receives; it has the same query API as Database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Tx;

/** Environment variables as read here (a plain record, so tests can pass their own). */
export type Env = Readonly<Record<string, string | undefined>>;

export type DatabaseTarget =
  | {
      engine: 'postgres';
      url: string /** The URL with its password hidden, for messages. */;
      display: string;
    }
  | { engine: 'pglite'; dir: string; display: string };

export type DbHandle = {
  db: Database;
  target: DatabaseTarget;
  close(): Promise<void>;
};

export const DEFAULT_PGLITE_DIR = '.data/pglite';

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

export function resolveDatabaseTarget(env: Env = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new DatabaseError(
        `DATABASE_URL must be a postgres:// or postgresql:// URL, got "${redactUrl(url)}". Fix it, or unset it to use the embedded database.`,
      );
    }
    return { engine: 'postgres', url, display: redactUrl(url) };
  }
  const dir = resolve(/*turbopackIgnore: true*/ env.PGLITE_DIR?.trim() || DEFAULT_PGLITE_DIR);
  return { engine: 'pglite', dir, display: `embedded database ${dir}` };
}

export type OpenOptions = {
  env?: Env;
  /** Refuse to create an embedded database that does not exist yet (for read-only commands like models:check). */
  mustExist?: boolean;
  /** Seconds to wait for a Postgres connection. */
  connectTimeoutSeconds?: number;
  /** Per-statement limit on Postgres, in ms (0 = none). */
  statementTimeoutMs?: number;
  /** Pool size on Postgres. Commands need one connection; the web server more. */
  maxConnections?: number;
  /** Sees every statement Drizzle sends (tests count statements with it). */
  logger?: { logQuery(query: string, params: unknown[]): void };
};

export async function openDatabase(options: OpenOptions = {}): Promise<DbHandle> {
  const target = resolveDatabaseTarget(options.env);
  if (target.engine === 'postgres') return openPostgres(target, options);
  return openPglite(target, options);
}

async function openPostgres(
  target: Extract<DatabaseTarget, { engine: 'postgres' }>,
  options: OpenOptions,
): Promise<DbHandle> {
  const [{ default: postgres }, { drizzle }] = await Promise.all([
    import('postgres'),
    import('drizzle-orm/postgres-js'),
  ]);
  const client = postgres(target.url, {
    max: options.maxConnections ?? 1,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    idle_timeout: 20,
    onnotice: () => {},
    connection: {
      application_name: 'model-registry',
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
  const db = drizzle(client, { schema, casing: 'snake_case', logger: options.logger }) as unknown as Database;
  return {
    db,
    target,
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(
  target: Extract<DatabaseTarget, { engine: 'pglite' }>,
  options: OpenOptions,
): Promise<DbHandle> {
  if (options.mustExist && !existsSync(join(target.dir, 'PG_VERSION'))) {
    throw new DatabaseError(
      `The embedded database at ${target.dir} does not exist yet, so the schema is missing. ` +
        'Run `npm run models:deploy` (or `npm run db:migrate`) to create it, or set DATABASE_URL to use Postgres.',
    );
  }
  mkdirSync(dirname(target.dir), { recursive: true });
  const release = await lockDataDir(target.dir);
  try {
    const [{ PGlite }, { drizzle }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
    ]);
    const client = await PGlite.create(target.dir);
    const db = drizzle(client, {
      schema,
      casing: 'snake_case',
      logger: options.logger,
    }) as unknown as Database;
    return {
      db,
      target,
      close: async () => {
        try {
          await client.close();
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await release();
    throw new DatabaseError(describeDatabaseError(error, target), { cause: error });
  }
}

/** Rows of a raw `db.execute()` result: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
