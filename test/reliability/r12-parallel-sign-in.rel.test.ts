// R12: guesses sent all at once cannot escape the sign-in limit. Against the production server, through Auth.js's
// own endpoints: whatever the concurrency, at most 5 wrong passwords per email (20 per address) are verified in a
// window, the right password is refused while the account is locked, and `admin:unlock` lifts the lock.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDatabase } from '../../db/client';
import { createOrResetUser, SIGN_IN_LIMITS } from '../../lib/auth/users';
import { baseUrl, databaseUrl, signIn, sql } from './support';

let handle: DbHandle;
const PASSWORD = 'correct-horse-battery-12';

async function user(prefix: string): Promise<string> {
  const email = `${prefix}-${randomBytes(4).toString('hex')}@r12.test`;
  await createOrResetUser(handle.db, { email, role: 'viewer', password: PASSWORD });
  return email;
}

async function failureRows(key: string): Promise<number> {
  const db = sql();
  try {
    const [row] = await db<
      { n: number }[]
    >`select count(*)::int as n from sign_in_failures where key = ${key}`;
    return row?.n ?? 0;
  } finally {
    await db.end();
  }
}

type Attempt = { email: string; password: string; address: string };

/**
 * Sends every attempt's credentials POST at the same moment: the CSRF round trips come first, so the POSTs
 * leave in order (attempt i before attempt i+1) with nothing between them.
 */
async function burst(attempts: Attempt[]) {
  const prepared = await Promise.all(
    attempts.map(async (attempt) => {
      const csrf = await fetch(`${baseUrl()}/api/auth/csrf`, {
        headers: { 'X-Forwarded-For': attempt.address },
      });
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const cookie = csrf.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      return { ...attempt, csrfToken, cookie };
    }),
  );
  return Promise.all(
    prepared.map(async (attempt) => {
      const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: attempt.cookie,
          'X-Forwarded-For': attempt.address,
          Origin: baseUrl(),
        },
        body: new URLSearchParams({
          csrfToken: attempt.csrfToken,
          email: attempt.email,
          password: attempt.password,
          callbackUrl: `${baseUrl()}/admin/models`,
        }),
      });
      await response.arrayBuffer();
      const location = response.headers.get('location') ?? '';
      const session = response.headers
        .getSetCookie()
        .some((c) => /^(__Secure-)?authjs\.session-token=[^;]/.test(c));
      return { code: new URL(location, baseUrl()).searchParams.get('code'), session };
    }),
  );
}

function unlock(email: string) {
  const out = execFileSync(process.execPath, ['dist/cli/admin-unlock.mjs', '--email', email, '--json'], {
    env: { ...process.env, DATABASE_URL: databaseUrl() },
    encoding: 'utf8',
  });
  return JSON.parse(out) as { email: string; removed: number };
}

beforeAll(async () => {
  handle = await openDatabase({ env: { DATABASE_URL: databaseUrl() } });
});
afterAll(async () => {
  await handle?.close();
});

describe('R12: parallel sign-in guesses', () => {
  for (const [total, rightAt] of [
    [100, 60],
    [30, 20],
  ] as const) {
    it(`${total} at once for one email (the right password ${rightAt}th): at most ${SIGN_IN_LIMITS.perEmail} verified, the right one refused, admin:unlock lifts the lock`, async ({
      task,
    }) => {
      const email = await user(`burst${total}`);
      const net = Math.floor(Math.random() * 200) + 1;
      // A different address for each attempt: the per-email limit alone must hold them.
      const attempts = Array.from({ length: total }, (_, i) => ({
        email,
        password: i === rightAt - 1 ? PASSWORD : `wrong-guess-${i}`,
        address: `10.12.${net}.${i + 1}`,
      }));
      const results = await burst(attempts);

      const verified = results.filter((r) => r.code === 'credentials').length;
      const refused = results.filter((r) => r.code === 'rate_limited').length;
      expect(verified, 'wrong passwords answered as checked').toBeLessThanOrEqual(SIGN_IN_LIMITS.perEmail);
      expect(verified + refused).toBe(total);
      expect(await failureRows(`email:${email}`)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perEmail);
      expect(results[rightAt - 1], 'the right password, sent while locked').toEqual({
        code: 'rate_limited',
        session: false,
      });
      expect(results.some((r) => r.session)).toBe(false);
      // Still locked afterwards, from anywhere.
      expect((await signIn(email, PASSWORD, `10.12.${net}.250`)).code).toBe('rate_limited');

      const unlocked = unlock(email);
      expect(unlocked).toMatchObject({ email, removed: verified });
      expect(await failureRows(`email:${email}`)).toBe(0);
      expect((await signIn(email, PASSWORD, `10.12.${net}.251`)).session).toBe(true);
      task.meta.cases = total + 2;
      task.meta.faults = total - 1;
    });
  }

  it(`30 at once from one address (different emails): at most ${SIGN_IN_LIMITS.perAddress} verified`, async ({
    task,
  }) => {
    const address = `10.13.${Math.floor(Math.random() * 200) + 1}.1`;
    const tag = randomBytes(3).toString('hex');
    const results = await burst(
      Array.from({ length: 30 }, (_, i) => ({
        email: `nobody-${tag}-${i}@r12.test`,
        password: 'guess-guess',
        address,
      })),
    );
    const verified = results.filter((r) => r.code === 'credentials').length;
    expect(verified).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAddress);
    expect(results.filter((r) => r.code === 'rate_limited').length).toBe(30 - verified);
    expect(await failureRows(`ip:${address}`)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAddress);
    const victim = await user('victim');
    expect((await signIn(victim, PASSWORD, address)).code).toBe('rate_limited');
    task.meta.cases = 31;
    task.meta.faults = 30;
  });
});
