// The pglite projects' migrated template: one embedded database created and migrated once per run, which
// createTestDb copies for every test database instead of running PGlite's initdb and the migrations again
// (~8 s of CPU each on this project's 2-core machines). The template is made from the migrations of this very
// tree, by the code the tests would run, so a copy is what a fresh migrated database would be.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A closed, migrated PGlite data directory to copy (test/support/db.ts). */
    pgliteTemplateDir: string;
  }
}

export default async function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'mr-pglite-template-'));
  const dir = join(root, 'data');
  const handle = await openDatabase({ env: { PGLITE_DIR: dir } });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  project.provide('pgliteTemplateDir', dir);
  return () => rmSync(root, { recursive: true, force: true });
}
