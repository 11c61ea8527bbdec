// Accounts: create or reset (admin:create, the dev start's first admin) and sign-in checks with rate limiting.
import { and, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { signInFailures, type UserRole, users } from '../../db/schema';
import { RegistryError } from '../registry/errors';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './password';

const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'is longer than 254 characters')
  .pipe(z.email('is not an email address'));
const passwordSchema = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200, 'must be at most 200 characters');

/** Failures allowed per email, and per client address, within the window. */
export const SIGN_IN_LIMITS = { perEmail: 5, perAddress: 20, windowMinutes: 15 } as const;

export type SessionUser = { id: number; email: string; role: UserRole };

async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0);
}

/** Accounts that can change models (models:doctor warns when there is none). */
export async function countAdmins(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.role, 'admin'));
  return Number(row?.n ?? 0);
}

/** Creates the user, or resets the password and role of an existing one. Returns the password when generated. */
export async function createOrResetUser(
  db: Database,
  input: { email: string; role: UserRole; password?: string },
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
  const { row, created } = await db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, email.data))
      .for('update');
    const values = { passwordHash, role: input.role, passwordChangedAt: now, updatedAt: now };
    const [saved] = existing
      ? await tx.update(users).set(values).where(eq(users.id, existing.id)).returning()
      : await tx
          .insert(users)
          .values({ email: email.data, ...values })
          .returning();
    await tx.delete(signInFailures).where(eq(signInFailures.key, `email:${email.data}`));
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
  const result = await createOrResetUser(db, { email: 'admin@localhost.test', role: 'admin' });
  return { email: result.user.email, password: result.generatedPassword! };
}

export type SignInResult =
  | { status: 'ok'; user: SessionUser }
  | { status: 'invalid' }
  | { status: 'rate_limited'; retryAfterMinutes: number };

/**
 * Checks credentials. Unknown emails and wrong passwords take the same path (a scrypt verification each) and
 * give the same answer; failures are counted per email and per address across processes.
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
  const keys = [`email:${email}`, ...(address ? [`ip:${address}`] : [])];
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  const recent = await db
    .select({ key: signInFailures.key, n: count() })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, keys), gt(signInFailures.at, since)))
    .groupBy(signInFailures.key);
  const failures = new Map(recent.map((r) => [r.key, Number(r.n)]));
  if (
    (failures.get(`email:${email}`) ?? 0) >= SIGN_IN_LIMITS.perEmail ||
    (address && (failures.get(`ip:${address}`) ?? 0) >= SIGN_IN_LIMITS.perAddress)
  ) {
    await dummyHash().then((hash) => verifyPassword('x', hash)); // same cost as a real attempt
    return { status: 'rate_limited', retryAfterMinutes: SIGN_IN_LIMITS.windowMinutes };
  }

  const [user] = parsed.success ? await db.select().from(users).where(eq(users.email, email)).limit(1) : [];
  const password = parsed.success ? parsed.data.password : '';
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (user && ok) return { status: 'ok', user: { id: user.id, email: user.email, role: user.role } };
  await db.insert(signInFailures).values(keys.map((key) => ({ key, at: now })));
  // Keep the table small: failures older than a day are no longer useful.
  await db.execute(
    sql`delete from sign_in_failures where at < ${new Date(now.getTime() - 86_400_000).toISOString()}::timestamptz`,
  );
  return { status: 'invalid' };
}

/**
 * The account behind a session, or null when it is gone or its password changed after the session was issued
 * (`admin:create` resetting a password ends that user's existing sessions). `issuedAt` is the token's iat, in seconds.
 */
export async function findSessionUser(
  db: Database,
  id: number,
  issuedAt?: number,
): Promise<SessionUser | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, role: users.role, changedAt: users.passwordChangedAt })
    .from(users)
    .where(eq(users.id, id));
  if (!user) return null;
  if (issuedAt !== undefined && Math.floor(user.changedAt.getTime() / 1000) > issuedAt) return null;
  return { id: user.id, email: user.email, role: user.role };
}
