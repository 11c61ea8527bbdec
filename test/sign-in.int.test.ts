// Sign-in and sessions on both engines: the limiter under concurrency (reserve before verify, a success gives its
// place back), sessions opened by a sign-in and ended by sign-out, age and password reset, and admin:unlock.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { signInFailures } from '../db/schema';
import { endSession, findSessionUser } from '../lib/auth/sessions';
import { createOrResetUser, SIGN_IN_LIMITS, verifyCredentials } from '../lib/auth/users';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, type TestDb } from './support/db';

let testDb: TestDb;
let handle: DbHandle;
const PASSWORD = 'correct-horse-battery-9';

async function failures(key: string): Promise<number> {
  const rows = await handle.db.select().from(signInFailures).where(eq(signInFailures.key, key));
  return rows.length;
}

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open({ maxConnections: 10 });
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

describe('the sign-in limiter', () => {
  it('verifies at most 5 wrong passwords for one email however many arrive at once, and refuses the right one', async () => {
    const { user } = await createOrResetUser(handle.db, {
      email: 'burst@int.test',
      role: 'viewer',
      password: PASSWORD,
    });
    const attempts = Array.from({ length: 40 }, (_, i) =>
      verifyCredentials(
        handle.db,
        { email: user.email, password: i === 30 ? PASSWORD : `wrong-${i}` },
        `10.0.0.${i + 1}`,
      ),
    );
    const results = await Promise.all(attempts);
    const verified = results.filter((r) => r.status === 'invalid').length;
    expect(verified).toBe(SIGN_IN_LIMITS.perEmail);
    expect(results[30]?.status).toBe('rate_limited');
    expect(await failures('email:burst@int.test')).toBe(SIGN_IN_LIMITS.perEmail);
  });

  it('a success gives its place back: only failures count', async () => {
    await createOrResetUser(handle.db, { email: 'fine@int.test', role: 'viewer', password: PASSWORD });
    const signIn = () =>
      verifyCredentials(handle.db, { email: 'fine@int.test', password: PASSWORD }, '10.0.1.1');
    // As many at once as the limit (attempts in flight hold a place each), then many more one after another.
    const together = await Promise.all(Array.from({ length: SIGN_IN_LIMITS.perEmail }, signIn));
    expect(together.map((r) => r.status)).toEqual(Array(SIGN_IN_LIMITS.perEmail).fill('ok'));
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress + 1; i++) expect((await signIn()).status).toBe('ok');
    expect(await failures('email:fine@int.test')).toBe(0);
    expect(await failures('ip:10.0.1.1')).toBe(0);
  });

  it('verifies at most 20 failures from one address at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        verifyCredentials(handle.db, { email: `nobody-${i}@int.test`, password: 'guess' }, '10.0.2.1'),
      ),
    );
    expect(results.filter((r) => r.status === 'invalid')).toHaveLength(SIGN_IN_LIMITS.perAddress);
    expect(await failures('ip:10.0.2.1')).toBe(SIGN_IN_LIMITS.perAddress);
  });
});

describe('sessions', () => {
  async function signIn(email: string) {
    const result = await verifyCredentials(handle.db, { email, password: PASSWORD }, null);
    if (result.status !== 'ok') throw new Error(`sign-in ${result.status}`);
    return result;
  }

  it('a sign-in opens a session that sign-out ends, leaving the others', async () => {
    await createOrResetUser(handle.db, { email: 'out@int.test', role: 'admin', password: PASSWORD });
    const a = await signIn('out@int.test');
    const b = await signIn('out@int.test');
    expect(await findSessionUser(handle.db, a.user.id, a.session.id)).toMatchObject({
      email: 'out@int.test',
    });
    await endSession(handle.db, a.session.id);
    expect(await findSessionUser(handle.db, a.user.id, a.session.id)).toBeNull();
    expect(await findSessionUser(handle.db, b.user.id, b.session.id)).not.toBeNull();
    // A session names its own user: another user's id with it is refused.
    expect(await findSessionUser(handle.db, b.user.id + 1000, b.session.id)).toBeNull();
    expect(await findSessionUser(handle.db, b.user.id, undefined)).toBeNull();
  });

  it('a password reset ends every earlier session at once, and a session past its age is refused', async () => {
    await createOrResetUser(handle.db, { email: 'reset@int.test', role: 'admin', password: PASSWORD });
    const before = await signIn('reset@int.test');
    await createOrResetUser(handle.db, { email: 'reset@int.test', role: 'admin', password: PASSWORD });
    expect(await findSessionUser(handle.db, before.user.id, before.session.id)).toBeNull();
    const after = await signIn('reset@int.test');
    expect(await findSessionUser(handle.db, after.user.id, after.session.id)).not.toBeNull();
    await handle.db.execute(
      sql`update sessions set signed_in_at = now() - interval '8 hours 1 second' where id = ${after.session.id}`,
    );
    expect(await findSessionUser(handle.db, after.user.id, after.session.id)).toBeNull();
  });
});

describe('admin:unlock', () => {
  it('lifts the lock on one email; bad usage exits 64, a missing database 2', async () => {
    await createOrResetUser(handle.db, { email: 'locked@int.test', role: 'viewer', password: PASSWORD });
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++)
      await verifyCredentials(handle.db, { email: 'locked@int.test', password: 'wrong' }, null);
    expect(
      (await verifyCredentials(handle.db, { email: 'locked@int.test', password: PASSWORD }, null)).status,
    ).toBe('rate_limited');
    await handle.close(); // the embedded database admits one process at a time
    try {
      const unlocked = await runCli('admin-unlock', ['--email', ' Locked@INT.test ', '--json'], {
        env: testDb.env,
      });
      expect(unlocked.code, unlocked.stderr).toBe(0);
      expect(jsonOf(unlocked)).toEqual({ email: 'locked@int.test', removed: SIGN_IN_LIMITS.perEmail });
      const again = await runCli('admin-unlock', ['--email', 'locked@int.test'], { env: testDb.env });
      expect(again.stdout).toMatch(/not locked/);
      expect((await runCli('admin-unlock', [], { env: testDb.env })).code).toBe(64);
      expect((await runCli('admin-unlock', ['--email', 'not-an-email'], { env: testDb.env })).code).toBe(64);
      const help = await runCli('admin-unlock', ['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: npm run admin:unlock -- --email EMAIL/);
      const down = await runCli('admin-unlock', ['--email', 'a@b.test'], {
        env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      });
      expect(down.code).toBe(2);
    } finally {
      handle = await testDb.open();
    }
    expect(
      (await verifyCredentials(handle.db, { email: 'locked@int.test', password: PASSWORD }, null)).status,
    ).toBe('ok');
  });
});
