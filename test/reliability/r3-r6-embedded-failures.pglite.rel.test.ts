// "Could not tell" is never "empty" on the embedded database either: a missing or busy directory exits 2.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCouldNotTell, runCli } from '../support/cli';
import { createTestDb } from '../support/db';

describe('models:check on a missing or busy embedded database', () => {
  it('a directory that does not exist → 2, saying how to create it, and creates nothing', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mr-none-')), 'data');
    await expectCouldNotTell({ PGLITE_DIR: dir }, /does not exist yet.*models:deploy/);
  });

  it('a directory another process holds → 2 naming that process; deploy refuses too and loses nothing', async () => {
    const testDb = await createTestDb();
    const holder = await testDb.open();
    try {
      await expectCouldNotTell(testDb.env, new RegExp(`in use by process ${process.pid}`));
      const deploy = await runCli('models-deploy', [], { env: testDb.env });
      expect(deploy.code).toBe(2);
      expect(deploy.stderr).toContain('Only one process may open it');
    } finally {
      await holder.close();
    }
    const after = await runCli('models-check', [], { env: testDb.env });
    expect(after.code).toBe(1); // the holder released it; still empty, nothing written by the refused deploy
    await testDb.drop();
  });
});
