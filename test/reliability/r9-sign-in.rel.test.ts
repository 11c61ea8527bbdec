// R9: sign-in brute force and user enumeration, over HTTP through Auth.js's own endpoints (CSRF token included)
// against the production server. Repeated failures are rate-limited; unknown and known emails cannot be told apart
// by the answer or by its timing.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDatabase } from '../../db/client';
import { createOrResetUser, SIGN_IN_LIMITS } from '../../lib/auth/users';
import { databaseUrl, signIn } from './support';

let handle: DbHandle;
const PASSWORD = 'correct-horse-battery-1';

async function user(prefix: string): Promise<string> {
  const email = `${prefix}-${randomBytes(4).toString('hex')}@r9.test`;
  await createOrResetUser(handle.db, { email, role: 'viewer', password: PASSWORD });
  return email;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

beforeAll(async () => {
  handle = await openDatabase({ env: { DATABASE_URL: databaseUrl() } });
});
afterAll(async () => {
  await handle?.close();
});

describe('R9: sign-in', () => {
  it('rate-limits an email after 5 failures: even the right password is refused for the window', async ({
    task,
  }) => {
    const email = await user('brute');
    const address = `10.9.0.${Math.floor(Math.random() * 200) + 1}`;
    const good = await signIn(email, PASSWORD, address);
    expect(good.session).toBe(true);
    for (let i = 0; i < SIGN_IN_LIMITS.perEmail; i++) {
      const bad = await signIn(email, `wrong-${i}`, address);
      expect(bad.session).toBe(false);
      expect(bad.code, `attempt ${i + 1}`).toBe('credentials');
    }
    const locked = await signIn(email, PASSWORD, address);
    expect(locked.session).toBe(false);
    expect(locked.code).toBe('rate_limited');
    // From another address too: the limit is on the account.
    expect((await signIn(email, PASSWORD, '10.9.1.1')).code).toBe('rate_limited');
    task.meta.cases = SIGN_IN_LIMITS.perEmail + 3;
    task.meta.faults = SIGN_IN_LIMITS.perEmail;
  });

  it('rate-limits an address after 20 failures across emails', async ({ task }) => {
    const address = `10.9.2.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      expect((await signIn(`nobody-${i}@r9.test`, 'guess', address)).code).toBe('credentials');
    }
    const victim = await user('victim');
    expect((await signIn(victim, PASSWORD, address)).code).toBe('rate_limited');
    // The account itself is not locked: from elsewhere it signs in.
    expect((await signIn(victim, PASSWORD, '10.9.3.1')).session).toBe(true);
    task.meta.cases = SIGN_IN_LIMITS.perAddress + 2;
    task.meta.faults = SIGN_IN_LIMITS.perAddress;
  });

  it('a client cannot escape the address limit by writing its own X-Forwarded-For entries', async ({
    task,
  }) => {
    // The suite's server runs with one trusted proxy (server-setup.ts): only the entry that proxy appended counts.
    const address = `10.9.6.${Math.floor(Math.random() * 200) + 1}`;
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      const forged = `192.0.2.${i + 1}, ${address}`;
      expect((await signIn(`nobody-${i}@r9.test`, 'guess', forged)).code).toBe('credentials');
    }
    const victim = await user('forged');
    expect((await signIn(victim, PASSWORD, `198.51.100.9, ${address}`)).code).toBe('rate_limited');
    expect((await signIn(victim, PASSWORD, address)).code).toBe('rate_limited');
    task.meta.cases = SIGN_IN_LIMITS.perAddress + 2;
    task.meta.faults = SIGN_IN_LIMITS.perAddress + 1;
  });

  it('an unknown email and a wrong password give the same answer and take the same time', async ({
    task,
  }) => {
    const known: number[] = [];
    const unknown: number[] = [];
    const answers = new Set<string>();
    for (let i = 0; i < 16; i++) {
      // Fresh accounts and addresses: no limit interferes with the timing.
      const email = await user(`timing${i}`);
      const a = await signIn(email, 'not-the-password', `10.9.4.${i + 1}`);
      const b = await signIn(
        `ghost-${i}-${randomBytes(3).toString('hex')}@r9.test`,
        'not-the-password',
        `10.9.5.${i + 1}`,
      );
      if (i >= 2) {
        known.push(a.elapsed);
        unknown.push(b.elapsed);
      }
      answers.add(`${a.status} ${a.location.replace(/^https?:\/\/[^/]+/, '')}`);
      answers.add(`${b.status} ${b.location.replace(/^https?:\/\/[^/]+/, '')}`);
      expect(a.session || b.session).toBe(false);
    }
    expect([...answers]).toHaveLength(1);
    const ratio = median(known) / median(unknown);
    expect(
      ratio,
      `median ${median(known).toFixed(1)} ms known vs ${median(unknown).toFixed(1)} ms unknown`,
    ).toBeGreaterThan(0.67);
    expect(ratio).toBeLessThan(1.5);
    task.meta.cases = 32;
    task.meta.faults = 32;
  });
});
