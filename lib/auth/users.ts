// Accounts: create or reset (admin:create, the dev start's first admin), unlock (admin:unlock), and sign-in checks
// through the limiter (sign-in-limit.ts) that open a server-side session (sessions.ts). The dashboard's account
// management is accounts.ts; both write account events and keep the last admin (account-events.ts).
import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { type UserRole, users } from '../../db/schema';
import { RegistryError } from '../registry/errors';
import { keepAnAdmin, lockAdmins, recordAccountEvents } from './account-events';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './password';
import { endUserSessions, type SessionUser, startSession } from './sessions';
import {
  clearEmailFailures,
  forgetOldFailures,
  releaseSignInAttempt,
  reserveSignInAttempt,
  SIGN_IN_LIMITS,
  signInKeys,
} from './sign-in-limit';

export type { SessionUser };
export { SIGN_IN_LIMITS };

/** An account's email as stored: trimmed and lower-cased. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'is longer than 254 characters')
  .pipe(z.email('is not an email address'));
const passwordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200, 'must be at most 200 characters');

async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

/** Accounts that can change models (models:doctor warns when there is none). */
export async function countAdmins(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.role, 'admin'));
  return Number(row?.n ?? 0);
}

/**
 * Creates the user, or resets the password and role of an existing one. Returns the password when generated.
 * Writes its account events (`created`; or `password_reset`, plus `role_changed` when the role changes) as
 * `actor` (admin:create's is `cli`), and refuses to make the only admin a viewer.
 */
export async function createOrResetUser(
  db: Database,
  input: { email: string; role: UserRole; password?: string; actor?: string },
): Promise<{ user: SessionUser; created: boolean; generatedPassword: string | null }> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success)
    throw new RegistryError('usage', `--email ${email.error.issues[0]?.message ?? 'is invalid'}.`);
  const generated = input.password === undefined ? generatePassword() : null;
  const password = passwordSchema.safeParse(input.password ?? generated);
  if (!password.success)
    throw new RegistryError('usage', `The password ${password.error.issues[0]?.message}.`);
  const passwordHash = await hashPassword(password.data);
  const now = new Date();
  const actor = input.actor ?? 'cli';
  const { row, created } = await db.transaction(async (tx) => {
    // Admins first, then the target: the lock order of every account change (account-events.ts).
    const admins = input.role === 'admin' ? [] : await lockAdmins(tx);
    const [existing] = await tx
      .select({ id: users.id, role: users.role })
      .from(users)
      .where(eq(users.email, email.data))
      .for('update');
    if (existing?.role === 'admin' && input.role !== 'admin') keepAnAdmin(admins, email.data, 'demote');
    const values = { passwordHash, role: input.role, passwordChangedAt: now, updatedAt: now };
    const [saved] = existing
      ? await tx.update(users).set(values).where(eq(users.id, existing.id)).returning()
      : await tx
          .insert(users)
          .values({ email: email.data, ...values })
          .returning();
    // A reset ends every session signed in before it (in this transaction: no clock is compared) and lifts the
    // email's lock.
    if (existing) await endUserSessions(tx, existing.id);
    await clearEmailFailures(tx, email.data);
    const account = { email: email.data, actor };
    await recordAccountEvents(
      tx,
      !existing
        ? [{ ...account, action: 'created', before: null, after: { role: input.role } }]
        : [
            {
              ...account,
              action: 'password_reset',
              before: { role: existing.role },
              after: { role: existing.role },
            },
            ...(existing.role === input.role
              ? []
              : [
                  {
                    ...account,
                    action: 'role_changed' as const,
                    before: { role: existing.role },
                    after: { role: input.role },
                  },
                ]),
          ],
    );
    return { row: saved!, created: !existing };
  });
  return {
    user: { id: row.id, email: row.email, role: row.role },
    created,
    generatedPassword: generated,
  };
}

/**
 * In development only: when no account exists, create `admin@localhost` with a generated password and return
 * it, to be printed once. Production never creates accounts by itself.
 */
export async function ensureFirstAdmin(db: Database, env: Readonly<Record<string, string | undefined>>) {
  if (env.NODE_ENV === 'production') return null;
  if ((await countUsers(db)) > 0) return null;
  const result = await createOrResetUser(db, {
    email: 'admin@localhost.test',
    role: 'admin',
    actor: 'cli:dev-prepare',
  });
  return { email: result.user.email, password: result.generatedPassword! };
}

/** admin:unlock: lifts the sign-in lock on an email. Returns how many failed attempts were removed. */
export async function unlockSignIn(
  db: Database,
  rawEmail: string,
): Promise<{ email: string; removed: number }> {
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success)
    throw new RegistryError('usage', `--email ${email.error.issues[0]?.message ?? 'is invalid'}.`);
  return { email: email.data, removed: await clearEmailFailures(db, email.data) };
}

export type SignInResult =
  | { status: 'ok'; user: SessionUser; session: { id: string; signedInAt: number } }
  | { status: 'invalid' }
  | { status: 'rate_limited'; retryAfterMinutes: number };

/**
 * Checks credentials and, when they hold, opens a session. Unknown emails and wrong passwords take the same path
 * (a scrypt verification each) and give the same answer. Each attempt first reserves its place in the limiter, so
 * at most the allowed number of failures are ever verified, however many attempts arrive at once.
 */
export async function verifyCredentials(
  db: Database,
  input: { email: unknown; password: unknown },
  address: string | null,
  now: Date = new Date(),
): Promise<SignInResult> {
  const parsed = z.object({ email: emailSchema, password: z.string().min(1).max(200) }).safeParse(input);
  const email = parsed.success
    ? parsed.data.email
    : String(input.email ?? '')
        .trim()
        .toLowerCase()
        .slice(0, 254);
  const reservation = await reserveSignInAttempt(db, signInKeys(email, address), now);
  if (reservation.status === 'limited') {
    await dummyHash().then((hash) => verifyPassword('x', hash)); // same cost as a real attempt
    return { status: 'rate_limited', retryAfterMinutes: SIGN_IN_LIMITS.windowMinutes };
  }

  const [user] = parsed.success ? await db.select().from(users).where(eq(users.email, email)).limit(1) : [];
  const password = parsed.success ? parsed.data.password : '';
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  // A reset committed since the hash was read opens no session: that password is no longer the password.
  const session = user && ok ? await startSession(db, user.id, user.passwordHash) : null;
  if (user && session) {
    await releaseSignInAttempt(db, reservation);
    return { status: 'ok', user: { id: user.id, email: user.email, role: user.role }, session };
  }
  // The reservation stays: it is this failure's record.
  await forgetOldFailures(db, now);
  return { status: 'invalid' };
}
