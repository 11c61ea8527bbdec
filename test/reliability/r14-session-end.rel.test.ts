// R14: sessions end. Against the production server with real sign-ins: a token whose sign-in is older than
// AUTH_SESSION_MAX_AGE_HOURS (default 8) is refused however fresh its expiry, the visible "Sign out" button revokes
// the session on the server (the old cookie no longer works), and a password reset ends every earlier session,
// even one signed in within the same second.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { decode, encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DbHandle, openDatabase } from '../../db/client';
import { createOrResetUser } from '../../lib/auth/users';
import { baseUrl, databaseUrl, SESSION_COOKIE, signIn } from './support';

let handle: DbHandle;
const PASSWORD = 'correct-horse-battery-14';

async function user(prefix: string): Promise<string> {
  const email = `${prefix}-${randomBytes(4).toString('hex')}@r14.test`;
  await createOrResetUser(handle.db, { email, role: 'admin', password: PASSWORD });
  return email;
}

/** Signs in through Auth.js and returns the session cookie (`name=value`) the server issued. */
async function signedIn(email: string): Promise<string> {
  const result = await signIn(email, PASSWORD, `10.14.${Math.floor(Math.random() * 250)}.1`);
  expect(result.session, `sign-in of ${email}`).toBe(true);
  const cookie = result.cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return (cookie ?? '').split(';')[0] as string;
}

const tokenOf = (cookie: string) => cookie.slice(SESSION_COOKIE.length + 1);
const secret = () => inject('relAuthSecret');

/** Loads the models page with a cookie: 'page' when it renders, 'login' when sent to sign in. */
async function load(cookie: string) {
  const response = await fetch(`${baseUrl()}/admin/models`, {
    headers: { Cookie: cookie },
    redirect: 'manual',
  });
  const body = await response.text();
  const renewed = response.headers
    .getSetCookie()
    .some((c) => c.startsWith(`${SESSION_COOKIE}=`) && !c.startsWith(`${SESSION_COOKIE}=;`));
  const location = response.headers.get('location') ?? '';
  const outcome =
    response.status === 200 && body.includes('Model Management')
      ? 'page'
      : response.status >= 300 && response.status < 400 && new URL(location, baseUrl()).pathname === '/login'
        ? 'login'
        : `${response.status} ${location}`;
  return { outcome, renewed, body };
}

beforeAll(async () => {
  handle = await openDatabase({ env: { DATABASE_URL: databaseUrl() } });
});
afterAll(async () => {
  await handle?.close();
});

describe('R14: sessions end and revoke', () => {
  it('a token signed in two days ago is refused although its expiry is fresh, and is not renewed', async ({
    task,
  }) => {
    // An account whose password was set a week ago: only the session's own age can end it.
    const email = await user('aged');
    await handle.db.execute(
      sql`update users set password_changed_at = now() - interval '7 days' where email = ${email}`,
    );
    const cookie = await signedIn(email);
    expect((await load(cookie)).outcome).toBe('page');
    const token = await decode({ token: tokenOf(cookie), secret: secret(), salt: SESSION_COOKIE });
    expect(token).not.toBeNull();
    const now = Math.floor(Date.now() / 1000);
    const twoDaysAgo = now - 2 * 24 * 3600;
    // Everything as the server issued it (same session), only the sign-in time moved back, re-signed with the
    // server's secret and a fresh expiry, as Auth.js's sliding re-issue would have produced.
    const aged = await encode({
      token: { ...token, signedInAt: twoDaysAgo, iat: now },
      secret: secret(),
      salt: SESSION_COOKIE,
      maxAge: 8 * 3600,
    });
    const answer = await load(`${SESSION_COOKIE}=${aged}`);
    expect(answer.outcome).toBe('login');
    expect(answer.renewed, 'an aged session must not be re-issued').toBe(false);
    // A token that does not say when it signed in is refused too.
    const { signedInAt: _dropped, ...withoutTime } = token as Record<string, unknown>;
    const undated = await encode({ token: withoutTime, secret: secret(), salt: SESSION_COOKIE, maxAge: 600 });
    expect((await load(`${SESSION_COOKIE}=${undated}`)).outcome).toBe('login');
    task.meta.cases = 3;
    task.meta.faults = 2;
  });

  it('after "Sign out", the old cookie no longer loads /admin/models', async ({ task }) => {
    const email = await user('signout');
    const cookie = await signedIn(email);
    const other = await signedIn(email); // a second session of the same account, on another device
    const page = await load(cookie);
    expect(page.outcome).toBe('page');
    // The visible button: the form around "Sign out" carries its server action's id.
    const form = /<form[^>]*>((?:(?!<\/form>).)*?)<\/form>/gs;
    const signOutForm = [...page.body.matchAll(form)].find((m) => m[1]?.includes('Sign out'))?.[1] ?? '';
    const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(signOutForm)?.[1];
    expect(actionField, 'the Sign out form').toBeTruthy();
    const body = new FormData();
    body.set(actionField as string, '');
    const signOut = await fetch(`${baseUrl()}/admin/models`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: baseUrl() },
      body,
    });
    await signOut.arrayBuffer();
    expect(signOut.status).toBeLessThan(400);
    expect((await load(cookie)).outcome, 'the signed-out cookie').toBe('login');
    // Only that session ended.
    expect((await load(other)).outcome).toBe('page');
    task.meta.cases = 3;
    task.meta.faults = 1;
  });

  it('a password reset in the same second as a sign-in ends that session', async ({ task }) => {
    const email = await user('reset');
    let sameSecond = false;
    for (let attempt = 0; attempt < 5 && !sameSecond; attempt++) {
      // Start just after a second turns, so the sign-in and the reset fall in one wall-clock second.
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
      const started = Math.floor(Date.now() / 1000);
      const cookie = await signedIn(email);
      await createOrResetUser(handle.db, { email, role: 'admin', password: PASSWORD });
      if (Math.floor(Date.now() / 1000) !== started) continue;
      sameSecond = true;
      expect((await load(cookie)).outcome, 'a session signed in before the reset').toBe('login');
    }
    expect(sameSecond, 'a sign-in and a reset within one second').toBe(true);
    // The new password works: the reset ended sessions, not the account.
    expect((await load(await signedIn(email))).outcome).toBe('page');
    task.meta.cases = 2;
    task.meta.faults = 1;
  });
});
