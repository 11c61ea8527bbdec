// Sessions end: an expired token (signed with the server's own secret) is refused, and resetting a user's
// password with admin:create ends that user's existing sessions.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { encode } from 'next-auth/jwt';
import { database, signIn } from './support';

const SECRET = 'e2e-only-secret-0123456789abcdef0123456789'; // playwright.config.ts gives it to the server
const COOKIE = 'authjs.session-token';

/** A token for the e2e admin, with the server-side session row a real sign-in opens. */
async function adminToken(maxAge: number) {
  const sid = randomBytes(32).toString('base64url');
  const sql = database();
  try {
    await sql`insert into sessions (id, user_id) select ${sid}, id from users where email = 'admin@e2e.test'`;
  } finally {
    await sql.end();
  }
  return encode({
    token: {
      sub: '1',
      role: 'admin',
      email: 'admin@e2e.test',
      sid,
      signedInAt: Math.floor(Date.now() / 1000),
    },
    secret: SECRET,
    salt: COOKIE,
    maxAge,
  });
}

test('a token signed with the right secret works until it expires, then the page sends you to sign in', async ({
  browser,
  baseURL,
}) => {
  const url = new URL(baseURL ?? '');
  for (const [maxAge, expectSignedIn] of [
    [600, true],
    [-60, false],
  ] as const) {
    const context = await browser.newContext();
    await context.addCookies([
      { name: COOKIE, value: await adminToken(maxAge), domain: url.hostname, path: '/', httpOnly: true },
    ]);
    const page = await context.newPage();
    await page.goto('/admin/models');
    if (expectSignedIn) await expect(page.getByRole('heading', { name: 'Model Management' })).toBeVisible();
    else await expect(page).toHaveURL(/\/login/);
    await context.close();
  }
});

test('resetting a password with admin:create ends that user’s sessions', async ({ browser }) => {
  const env = { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? '' };
  const create = (password: string) =>
    execFileSync('node', ['dist/cli/admin-create.mjs', '--email', 'reset@e2e.test', '--role', 'viewer'], {
      env,
      input: `${password}\n`,
    });
  create('first-password-123');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, { email: 'reset@e2e.test', password: 'first-password-123' });
  create('second-password-456');
  await page.goto('/admin/models');
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, { email: 'reset@e2e.test', password: 'second-password-456' });
  await context.close();
});
