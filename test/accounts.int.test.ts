// Accounts managed from the dashboard (lib/auth/accounts.ts), on both engines: add, change role, reset password and
// remove, each with exactly one account event in its transaction; the last admin kept, also when two admins are
// demoted at once; sessions ended by a reset and by removal; bad input refused with nothing written; and
// admin:create writing its own events.
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { accountEvents, users } from '../db/schema';
import { addAccount, changeRole, listAccounts, removeAccount, resetPassword } from '../lib/auth/accounts';
import { findSessionUser } from '../lib/auth/sessions';
import { countAdmins, createOrResetUser, verifyCredentials } from '../lib/auth/users';
import { RegistryError } from '../lib/registry/errors';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, type TestDb } from './support/db';

let testDb: TestDb;
let handle: DbHandle;
const PASSWORD = 'correct-horse-battery-9';
const ADA = 'admin:ada@int.test';

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open({ maxConnections: 10 });
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});
// Through the open handle: PGlite admits one opener at a time. TRUNCATE passes the append-only trigger.
const emptyAccounts = () => handle.db.execute(sql`truncate account_events, users restart identity cascade`);
beforeEach(async () => {
  await emptyAccounts();
  await createOrResetUser(handle.db, { email: 'ada@int.test', role: 'admin', password: PASSWORD });
  await handle.db.execute(sql`truncate account_events`); // the fixture's own event is not what the tests look at
});

async function events() {
  return handle.db
    .select({
      email: accountEvents.email,
      actor: accountEvents.actor,
      action: accountEvents.action,
      before: accountEvents.before,
      after: accountEvents.after,
    })
    .from(accountEvents)
    .orderBy(asc(accountEvents.id));
}

async function snapshot() {
  const rows = await handle.db.select().from(users).orderBy(asc(users.id));
  return { users: rows, events: await events() };
}

async function signIn(email: string, password: string) {
  return verifyCredentials(handle.db, { email, password }, null);
}

async function refusal(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

describe('adding an account', () => {
  it('creates it with a one-time password that signs in, lists it, and records one created event', async () => {
    const added = await addAccount(handle.db, { email: ' Bob@INT.test ', role: 'viewer' }, ADA);
    expect(added.account).toMatchObject({ email: 'bob@int.test', role: 'viewer' });
    expect(added.password).toMatch(/^[\w-]{20}$/);
    expect((await signIn('bob@int.test', added.password)).status).toBe('ok');

    const listed = await listAccounts(handle.db);
    expect(listed.map((a) => [a.email, a.role])).toEqual([
      ['ada@int.test', 'admin'],
      ['bob@int.test', 'viewer'],
    ]);
    expect(listed[1]?.createdAt).toBeInstanceOf(Date);
    expect(listed[1]?.passwordChangedAt).toBeInstanceOf(Date);
    expect(listed[1]).not.toHaveProperty('passwordHash');

    const written = await events();
    expect(written).toEqual([
      { email: 'bob@int.test', actor: ADA, action: 'created', before: null, after: { role: 'viewer' } },
    ]);
    // The password is shown once and kept nowhere: not in the event, and only as a hash in the account.
    const [row] = await handle.db.select().from(users).where(eq(users.email, 'bob@int.test'));
    expect(row?.passwordHash).not.toContain(added.password);
    expect(JSON.stringify(written)).not.toContain(added.password);
  });

  it('refuses an email that has an account, offering a reset instead, and writes nothing', async () => {
    await addAccount(handle.db, { email: 'bob@int.test', role: 'viewer' }, ADA);
    const before = await snapshot();
    const error = await refusal(addAccount(handle.db, { email: 'BOB@int.test', role: 'admin' }, ADA));
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(/bob@int\.test already has an account.*Reset password/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a bad email or role, naming the problem, and writes nothing', async () => {
    const before = await snapshot();
    const badEmail = await refusal(addAccount(handle.db, { email: 'not-an-email', role: 'viewer' }, ADA));
    expect(badEmail.message).toMatch(/not an email address/);
    const badRole = await refusal(
      addAccount(handle.db, { email: 'eve@int.test', role: 'owner' as 'admin' }, ADA),
    );
    expect(badRole.message).toMatch(/admin or viewer/);
    expect(await snapshot()).toEqual(before);
  });
});

describe('changing a role', () => {
  it('promotes and demotes with one role_changed event each; the same role is no change and no event', async () => {
    await addAccount(handle.db, { email: 'bob@int.test', role: 'viewer' }, ADA);
    const promoted = await changeRole(handle.db, { email: 'bob@int.test', role: 'admin' }, ADA);
    expect(promoted).toMatchObject({ changed: true, account: { email: 'bob@int.test', role: 'admin' } });
    const same = await changeRole(handle.db, { email: 'bob@int.test', role: 'admin' }, ADA);
    expect(same.changed).toBe(false);
    await changeRole(handle.db, { email: 'bob@int.test', role: 'viewer' }, 'admin:bob@int.test');
    expect((await events()).slice(1)).toEqual([
      {
        email: 'bob@int.test',
        actor: ADA,
        action: 'role_changed',
        before: { role: 'viewer' },
        after: { role: 'admin' },
      },
      {
        email: 'bob@int.test',
        actor: 'admin:bob@int.test',
        action: 'role_changed',
        before: { role: 'admin' },
        after: { role: 'viewer' },
      },
    ]);
  });

  it('refuses an unknown account or a bad role and writes nothing', async () => {
    const before = await snapshot();
    const unknown = await refusal(changeRole(handle.db, { email: 'ghost@int.test', role: 'admin' }, ADA));
    expect(unknown.message).toMatch(/No account ghost@int\.test/);
    const badRole = await refusal(
      changeRole(handle.db, { email: 'ada@int.test', role: 'root' as 'admin' }, ADA),
    );
    expect(badRole.message).toMatch(/admin or viewer/);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the last admin', () => {
  it('cannot be demoted or removed, by anyone, with a message saying why; nothing is written', async () => {
    const before = await snapshot();
    const demote = await refusal(changeRole(handle.db, { email: 'ada@int.test', role: 'viewer' }, ADA));
    expect(demote.kind).toBe('refused');
    expect(demote.message).toMatch(/ada@int\.test is the only admin.*Make another account an admin first/);
    const remove = await refusal(removeAccount(handle.db, { email: 'ada@int.test' }, ADA));
    expect(remove.message).toMatch(/ada@int\.test is the only admin/);
    expect(await snapshot()).toEqual(before);
  });

  it('two admins demoting each other at once leave one admin: one change goes through, the other is refused', async () => {
    await addAccount(handle.db, { email: 'bob@int.test', role: 'admin' }, ADA);
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled([
        changeRole(handle.db, { email: 'ada@int.test', role: 'viewer' }, 'admin:bob@int.test'),
        round % 2 === 0
          ? changeRole(handle.db, { email: 'bob@int.test', role: 'viewer' }, ADA)
          : removeAccount(handle.db, { email: 'bob@int.test' }, ADA),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(String(rejected.reason.message)).toMatch(/is the only admin/);
      expect(await countAdmins(handle.db)).toBe(1);
      // Back to two admins for the next round.
      const accounts = await listAccounts(handle.db);
      if (!accounts.some((a) => a.email === 'bob@int.test'))
        await addAccount(handle.db, { email: 'bob@int.test', role: 'admin' }, ADA);
      for (const a of await listAccounts(handle.db))
        if (a.role === 'viewer') await changeRole(handle.db, { email: a.email, role: 'admin' }, ADA);
    }
  });

  it('an admin may demote or remove themselves while another admin remains; removal ends their sessions', async () => {
    await addAccount(handle.db, { email: 'bob@int.test', role: 'admin' }, ADA);
    const bob = await resetPassword(handle.db, { email: 'bob@int.test' }, ADA);
    const session = await signIn('bob@int.test', bob.password);
    if (session.status !== 'ok') throw new Error(session.status);
    await removeAccount(handle.db, { email: 'bob@int.test' }, 'admin:bob@int.test');
    expect(await findSessionUser(handle.db, session.user.id, session.session.id)).toBeNull();
    expect(await countAdmins(handle.db)).toBe(1);
  });
});

describe('resetting a password and removing an account', () => {
  it('a reset gives a new one-time password, ends every session, and records one password_reset event', async () => {
    const { password: first } = await addAccount(handle.db, { email: 'bob@int.test', role: 'viewer' }, ADA);
    const a = await signIn('bob@int.test', first);
    const b = await signIn('bob@int.test', first);
    if (a.status !== 'ok' || b.status !== 'ok') throw new Error('sign-in');
    const reset = await resetPassword(handle.db, { email: 'BOB@int.test' }, ADA);
    expect(reset.password).not.toBe(first);
    expect(reset.account.passwordChangedAt.getTime()).toBeGreaterThanOrEqual(
      a.session.signedInAt * 1000 - 1000,
    );
    expect(await findSessionUser(handle.db, a.user.id, a.session.id)).toBeNull();
    expect(await findSessionUser(handle.db, b.user.id, b.session.id)).toBeNull();
    expect((await signIn('bob@int.test', first)).status).toBe('invalid');
    expect((await signIn('bob@int.test', reset.password)).status).toBe('ok');
    expect((await events()).at(-1)).toEqual({
      email: 'bob@int.test',
      actor: ADA,
      action: 'password_reset',
      before: { role: 'viewer' },
      after: { role: 'viewer' },
    });
    expect(JSON.stringify(await events())).not.toContain(reset.password);
  });

  it('removing ends the sessions with the account and records one removed event', async () => {
    const { password } = await addAccount(handle.db, { email: 'bob@int.test', role: 'viewer' }, ADA);
    const session = await signIn('bob@int.test', password);
    if (session.status !== 'ok') throw new Error(session.status);
    const removed = await removeAccount(handle.db, { email: 'bob@int.test' }, ADA);
    expect(removed).toEqual({ email: 'bob@int.test', role: 'viewer' });
    expect(await findSessionUser(handle.db, session.user.id, session.session.id)).toBeNull();
    expect((await listAccounts(handle.db)).map((a) => a.email)).toEqual(['ada@int.test']);
    expect((await events()).at(-1)).toEqual({
      email: 'bob@int.test',
      actor: ADA,
      action: 'removed',
      before: { role: 'viewer' },
      after: null,
    });
  });

  it('refuses a reset or removal of an unknown account or a bad email, writing nothing', async () => {
    const before = await snapshot();
    expect((await refusal(resetPassword(handle.db, { email: 'ghost@int.test' }, ADA))).message).toMatch(
      /No account ghost@int\.test/,
    );
    expect((await refusal(removeAccount(handle.db, { email: 'ghost@int.test' }, ADA))).message).toMatch(
      /No account ghost@int\.test/,
    );
    expect((await refusal(removeAccount(handle.db, { email: '<script>' }, ADA))).message).toMatch(
      /not an email address/,
    );
    expect(await snapshot()).toEqual(before);
  });
});

describe('admin:create', () => {
  it('records created, then password_reset (and role_changed when the role changes), as actor cli; refuses to demote the last admin', async () => {
    await handle.close(); // the embedded database admits one process at a time
    try {
      const create = await runCli('admin-create', ['--email', 'ops@int.test', '--role', 'viewer', '--json'], {
        env: testDb.env,
      });
      expect(create.code, create.stderr).toBe(0);
      expect(jsonOf(create)).toMatchObject({ email: 'ops@int.test', created: true });
      const again = await runCli('admin-create', ['--email', 'ops@int.test', '--role', 'viewer'], {
        env: testDb.env,
      });
      expect(again.code, again.stderr).toBe(0);
      const promote = await runCli('admin-create', ['--email', 'ops@int.test', '--role', 'admin'], {
        env: testDb.env,
      });
      expect(promote.code, promote.stderr).toBe(0);
      // ada and ops are admins: demoting ada works; then ops is the only admin and cannot be demoted.
      expect(
        (await runCli('admin-create', ['--email', 'ada@int.test', '--role', 'viewer'], { env: testDb.env }))
          .code,
      ).toBe(0);
      const last = await runCli('admin-create', ['--email', 'ops@int.test', '--role', 'viewer'], {
        env: testDb.env,
      });
      expect(last.code).toBe(1);
      expect(last.stderr).toMatch(/ops@int\.test is the only admin/);
    } finally {
      handle = await testDb.open({ maxConnections: 10 });
    }
    expect(await events()).toEqual([
      { email: 'ops@int.test', actor: 'cli', action: 'created', before: null, after: { role: 'viewer' } },
      {
        email: 'ops@int.test',
        actor: 'cli',
        action: 'password_reset',
        before: { role: 'viewer' },
        after: { role: 'viewer' },
      },
      {
        email: 'ops@int.test',
        actor: 'cli',
        action: 'password_reset',
        before: { role: 'viewer' },
        after: { role: 'viewer' },
      },
      {
        email: 'ops@int.test',
        actor: 'cli',
        action: 'role_changed',
        before: { role: 'viewer' },
        after: { role: 'admin' },
      },
      {
        email: 'ada@int.test',
        actor: 'cli',
        action: 'password_reset',
        before: { role: 'admin' },
        after: { role: 'admin' },
      },
      {
        email: 'ada@int.test',
        actor: 'cli',
        action: 'role_changed',
        before: { role: 'admin' },
        after: { role: 'viewer' },
      },
    ]);
    expect(await countAdmins(handle.db)).toBe(1);
  });
});
