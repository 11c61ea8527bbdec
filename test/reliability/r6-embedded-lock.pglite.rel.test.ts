// One owner per embedded database directory: a second process is refused, a killed owner's lock is taken over.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client';
import { runCli } from '../support/cli';
import { createTestDb } from '../support/db';

describe('the embedded database lock', () => {
  it('refuses a second opener in the same process tree with the owner named, then admits it after close', async () => {
    const testDb = await createTestDb();
    const first = await testDb.open();
    try {
      const second = await openDatabase({ env: testDb.env }).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(Error);
      expect((second as Error).message).toMatch(
        new RegExp(`in use by process ${process.pid} .*Only one process may open it`),
      );
    } finally {
      await first.close();
    }
    const again = await testDb.open();
    await again.close();
    await testDb.drop();
  });

  it('takes over the lock of an owner killed with SIGKILL, and the data is intact', async () => {
    const testDb = await createTestDb();
    const seeded = await runCli('models-seed', ['--json'], { env: testDb.env });
    expect(seeded.code, seeded.stderr).toBe(0);

    // A process that opens the database and then hangs, until we kill it without warning.
    const holder = spawn(process.execPath, ['--import', 'tsx', resolve('test/support/hold-db.ts')], {
      env: { ...process.env, ...testDb.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolveOpen, reject) => {
      holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolveOpen());
      holder.on('exit', (code) => reject(new Error(`holder exited early (${code})`)));
    });
    const refused = await runCli('models-check', [], { env: testDb.env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`in use by process ${holder.pid}`);

    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
    expect(existsSync(`${testDb.env.PGLITE_DIR}.lock`)).toBe(true); // SIGKILL left it behind

    const check = await runCli('models-check', ['--json'], { env: testDb.env });
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual({ exists: true, count: 44 });
    await testDb.drop();
  });
});
