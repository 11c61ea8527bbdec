// Disposable, migrated databases for integration tests, on the engine named by TEST_ENGINE (pglite | postgres).
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type DbHandle, type OpenOptions, openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';

export type Engine = 'pglite' | 'postgres';

export const engine: Engine = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

/** The server tests create their throwaway databases on (trust auth on this project's machines). */
export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDb = {
  engine: Engine;
  /** Environment that points a command (or openDatabase) at this database. */
  env: Record<string, string>;
  open(options?: Pick<OpenOptions, 'maxConnections' | 'logger'>): Promise<DbHandle>;
  /** Opens, runs `fn`, closes: PGlite admits one process at a time, so tests close before running a command. */
  use<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T>;
  /** Empties every registry table (TRUNCATE bypasses the audit log's row triggers) and restores the providers. */
  reset(): Promise<void>;
  drop(): Promise<void>;
};

/**
 * A migrated database, or with `migrate: false` an empty one. Migrated ones are copies of the run's template
 * (made once by test/postgres-setup.ts or test/pglite-setup.ts from this tree's migrations); a project without
 * one migrates each database itself.
 */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const migrate = options.migrate ?? true;
  const template = migrate
    ? engine === 'postgres'
      ? inject('postgresTemplate')
      : inject('pgliteTemplateDir')
    : undefined;
  let env: Record<string, string>;
  let dropIt: () => Promise<void>;
  if (engine === 'postgres') {
    const name = `mr_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(
        template ? `create database ${name} template ${template}` : `create database ${name}`,
      );
    } finally {
      await admin.end();
    }
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    dropIt = async () => {
      const admin2 = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await admin2.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin2.end();
      }
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'mr-pglite-'));
    const dataDir = join(dir, 'data');
    env = { PGLITE_DIR: dataDir };
    if (template) cpSync(template, dataDir, { recursive: true });
    dropIt = async () => rmSync(dir, { recursive: true, force: true });
  }
  const open = (options: Pick<OpenOptions, 'maxConnections' | 'logger'> = {}) =>
    openDatabase({ env: { ...env }, ...options, maxConnections: options.maxConnections ?? 4 });
  const use = async <T>(fn: (handle: DbHandle) => Promise<T>) => {
    const handle = await open();
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  };
  if (migrate && !template) await use((handle) => migrateDatabase(handle));
  return {
    engine,
    env,
    open,
    use,
    reset: () =>
      use(async ({ db }) => {
        await db.execute(
          sql`truncate model_events, seed_runs, models, webhook_deliveries, gateway_announcements, account_events, access_events, api_keys, api_key_failures, access_groups, access_teams restart identity cascade`,
        );
      }),
    drop: dropIt,
  };
}
