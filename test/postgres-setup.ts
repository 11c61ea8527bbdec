// The postgres project fails loudly when its server is unreachable: a suite never skips silently.
// It also makes the run's migrated template: one database, created and migrated once per run, from which
// createTestDb creates every test database (`create database … template …`) instead of migrating each anew.
// Its name is random per run, like the test databases', so runs side by side on one server never share it.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database no one stays connected to, to create test databases from (test/support/db.ts). */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  const name = `mr_tpl_${randomBytes(6).toString('hex')}`;
  try {
    try {
      await client`select 1`;
    } catch (error) {
      throw new Error(
        `The postgres test project needs a Postgres server at ${url} (set TEST_POSTGRES_URL) and cannot reach it: ${(error as Error).message}`,
      );
    }
    await client.unsafe(`create database ${name}`);
  } finally {
    await client.end();
  }
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${name}`;
  // Closed before any copy: Postgres refuses a template that has a session open on it.
  const handle = await openDatabase({ env: { DATABASE_URL: templateUrl.toString() }, maxConnections: 1 });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  project.provide('postgresTemplate', name);
  return async () => {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  };
}
