// Applies the committed drizzle-kit migrations, the same way on both engines, safely from concurrent deploys.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type MigrationMeta, readMigrationFiles } from 'drizzle-orm/migrator';
import type { DbHandle, Executor } from './client';
import { rowsOf } from './driver';
import { asDatabaseError } from './errors';

/** Serialises migrations across processes (any 64-bit constant unique to this purpose). */
const MIGRATION_LOCK_KEY = 7_245_019_001;

/**
 * The committed migrations folder. Found by walking up from this module, so it works from the sources (tsx),
 * from the bundled CLIs in dist/cli and from Next's server bundle alike. MIGRATIONS_DIR overrides it.
 */
function migrationsFolder(): string {
  const fromEnv = process.env.MIGRATIONS_DIR?.trim();
  if (fromEnv) return fromEnv;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const candidate = join(dir, 'db', 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (existsSync(join(dir, 'migrations', 'meta', '_journal.json'))) return join(dir, 'migrations');
    dir = dirname(dir);
  }
  return join(process.cwd(), 'db', 'migrations');
}

function loadMigrations(): MigrationMeta[] {
  return readMigrationFiles({ migrationsFolder: migrationsFolder() });
}

export type MigrationResult = { applied: number; total: number };

/**
 * Applies pending migrations in one transaction under an advisory lock: of several deploys starting at once,
 * one migrates and the others wait, then find nothing to do. Bookkeeping is drizzle's own table
 * (drizzle.__drizzle_migrations), so drizzle-kit tooling still understands the database.
 */
export async function migrateDatabase(handle: DbHandle): Promise<MigrationResult> {
  const migrations = loadMigrations();
  try {
    return await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY}::bigint)`);
      await tx.execute(sql`create schema if not exists drizzle`);
      await tx.execute(
        sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
      );
      const last = rowsOf<{ created_at: string | number }>(
        await tx.execute(
          sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
        ),
      )[0];
      const lastMillis = last ? Number(last.created_at) : -1;
      let applied = 0;
      for (const migration of migrations) {
        if (migration.folderMillis <= lastMillis) continue;
        for (const statement of migration.sql) {
          if (statement.trim()) await tx.execute(sql.raw(statement));
        }
        await tx.execute(
          sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
        );
        applied++;
      }
      return { applied, total: migrations.length };
    });
  } catch (error) {
    throw asDatabaseError(error, handle.target);
  }
}

export type SchemaStatus = { migrated: boolean; applied: number; pending: number; total: number };

/** Whether the schema is current, without changing anything. */
export async function schemaStatus(db: Executor): Promise<SchemaStatus> {
  const migrations = loadMigrations();
  const exists = rowsOf<{ present: boolean }>(
    await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`),
  )[0]?.present;
  if (!exists) return { migrated: false, applied: 0, pending: migrations.length, total: migrations.length };
  const last = rowsOf<{ created_at: string | number }>(
    await db.execute(
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    ),
  )[0];
  const lastMillis = last ? Number(last.created_at) : -1;
  const pending = migrations.filter((m) => m.folderMillis > lastMillis).length;
  return { migrated: pending === 0, applied: migrations.length - pending, pending, total: migrations.length };
}
