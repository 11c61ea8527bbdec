// A test file's database with the bundled catalog deployed by the real command, made before its tests and dropped
// after them.
import { afterAll, beforeAll, expect } from 'vitest';
import { runCli } from './cli';
import { createTestDb, type TestDb } from './db';

/** Registers the file's hooks; the database is `holder.db` once the tests run. */
export function deployedCatalogDb(): { db: TestDb } {
  const holder = {} as { db: TestDb };
  beforeAll(async () => {
    holder.db = await createTestDb();
    const deploy = await runCli('models-deploy', ['--source', 'catalog', '--json'], { env: holder.db.env });
    expect(deploy.code, deploy.stderr).toBe(0);
  });
  afterAll(async () => {
    await holder.db?.drop();
  });
  return holder;
}
