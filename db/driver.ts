// The database below the ORM: which one to open (Postgres when DATABASE_URL is set, else embedded PGlite), and the
// open driver itself. Light on purpose: `models:check`, the deploy gate's question, runs on this alone, without
// loading Drizzle or the schema, so a cold process answers close to the cost of a bare `psql` call.
// Nothing is opened at import time.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import { DatabaseError, describeDatabaseError } from './errors';
import { redactUrl } from './redact';
import type { DatabaseTarget } from './target';

/** Environment variables as read here (a plain record, so tests can pass their own). */
export type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_PGLITE_DIR = '.data/pglite';

function resolveDatabaseTarget(env: Env = process.env): DatabaseTarget {
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

export type DriverOptions = {
  env?: Env;
  /** Refuse to create an embedded database that does not exist yet (for read-only commands like models:check). */
  mustExist?: boolean;
  /** Seconds to wait for a Postgres connection. */
  connectTimeoutSeconds?: number;
  /** Per-statement limit on Postgres, in ms (0 = none). */
  statementTimeoutMs?: number;
  /** Pool size on Postgres. Commands need one connection; the web server more. */
  maxConnections?: number;
  /**
   * Let postgres.js look up array types when it connects (default true). That lookup is a round trip of its own;
   * without it, array columns come back as Postgres text ('{a,b}'), so only a caller that reads no arrays may
   * turn it off.
   */
  fetchTypes?: boolean;
};

type Common = {
  target: DatabaseTarget;
  /** Runs one SQL text without parameters and returns its rows (named like Drizzle's, so code that only needs
   * `execute(text)` takes either). */
  execute<T = Record<string, unknown>>(text: string): Promise<T[]>;
  close(): Promise<void>;
};
export type Driver = Common & ({ engine: 'postgres'; client: Sql } | { engine: 'pglite'; client: PGlite });

export async function openDriver(options: DriverOptions = {}): Promise<Driver> {
  const target = resolveDatabaseTarget(options.env);
  if (target.engine === 'postgres') return openPostgres(target, options);
  return openPglite(target, options);
}

async function openPostgres(
  target: Extract<DatabaseTarget, { engine: 'postgres' }>,
  options: DriverOptions,
): Promise<Driver> {
  const { default: postgres } = await import('postgres');
  const client = postgres(target.url, {
    max: options.maxConnections ?? 1,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    idle_timeout: 20,
    fetch_types: options.fetchTypes ?? true,
    onnotice: () => {},
    connection: {
      application_name: 'model-registry',
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
  return {
    engine: 'postgres',
    client,
    target,
    execute: async <T>(text: string) => [...(await client.unsafe(text))] as T[],
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(
  target: Extract<DatabaseTarget, { engine: 'pglite' }>,
  options: DriverOptions,
): Promise<Driver> {
  if (options.mustExist && !existsSync(join(target.dir, 'PG_VERSION'))) {
    throw new DatabaseError(
      `The embedded database at ${target.dir} does not exist yet, so the schema is missing. ` +
        'Run `npm run models:deploy` (or `npm run db:migrate`) to create it, or set DATABASE_URL to use Postgres.',
    );
  }
  mkdirSync(dirname(target.dir), { recursive: true });
  // Loaded here, not at the top: only the embedded database needs the lock (and its file-system dependencies).
  const { lockDataDir } = await import('./pglite-lock');
  const release = await lockDataDir(target.dir);
  try {
    const [{ PGlite }, { pg_trgm }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
    ]);
    // pg_trgm backs the Models page's search index (migration 0018): loaded on every open, as an extension's code
    // is not kept in the data directory.
    const client = await PGlite.create(target.dir, { extensions: { pg_trgm } });
    return {
      engine: 'pglite',
      client,
      target,
      execute: async <T>(text: string) => (await client.query<T>(text)).rows,
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
