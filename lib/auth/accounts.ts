// Account management from the dashboard's Users page: list, add (with a one-time password), change role, reset the
// password, remove. Each change is one transaction writing exactly one account event; the last admin is kept
// (account-events.ts). Passwords are generated here, returned once to be shown, and stored only as a hash.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor, Tx } from '../../db/client';
import { USER_ROLES, type UserRole, users } from '../../db/schema';
import { RegistryError } from '../registry/errors';
import { keepAnAdmin, lockAdmins, recordAccountEvents } from './account-events';
import { generatePassword, hashPassword } from './password';
import { endUserSessions } from './sessions';
import { clearEmailFailures } from './sign-in-limit';
import { emailSchema } from './users';

export type Account = { id: number; email: string; role: UserRole; createdAt: Date; passwordChangedAt: Date };

const columns = {
  id: users.id,
  email: users.email,
  role: users.role,
  createdAt: users.createdAt,
  passwordChangedAt: users.passwordChangedAt,
};

const accountEmail = emailSchema;
const role = z.enum(USER_ROLES, { error: 'Choose admin or viewer.' });

/** What each operation takes; the server actions parse FormData with the same schemas. */
export const accountRefSchema = z.object({ email: accountEmail });
export const accountRoleSchema = z.object({ email: accountEmail, role });

/** Every account, by email; never the hash. */
export async function listAccounts(db: Executor): Promise<Account[]> {
  return db.select(columns).from(users).orderBy(asc(users.email));
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path[0] === 'email' ? 'The email ' : '';
  throw new RegistryError('input', `${field}${issue?.message ?? 'is invalid'}.`.replace('..', '.'));
}

/** The account, locked FOR UPDATE in the caller's transaction, or a refusal naming the email. */
async function lockAccount(tx: Tx, email: string) {
  const [row] = await tx.select(columns).from(users).where(eq(users.email, email)).for('update');
  if (!row)
    throw new RegistryError('refused', `No account ${email}: it may have been removed. Reload the list.`);
  return row;
}

/** Adds an account with a generated one-time password (returned to be shown once). An existing email is refused. */
export async function addAccount(
  db: Database,
  input: { email: string; role: UserRole },
  actor: string,
): Promise<{ account: Account; password: string }> {
  const parsed = parse(accountRoleSchema, input);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const account = await db.transaction(async (tx) => {
    const [saved] = await tx
      .insert(users)
      .values({ email: parsed.email, role: parsed.role, passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning(columns);
    if (!saved)
      throw new RegistryError(
        'conflict',
        `${parsed.email} already has an account. To give it a new password, use Reset password on its row.`,
      );
    await clearEmailFailures(tx, parsed.email);
    await recordAccountEvents(tx, [
      { email: parsed.email, actor, action: 'created', before: null, after: { role: parsed.role } },
    ]);
    return saved;
  });
  return { account, password };
}

/** Sets an account's role. The same role is no change (no event); making the only admin a viewer is refused. */
export async function changeRole(
  db: Database,
  input: { email: string; role: UserRole },
  actor: string,
): Promise<{ account: Account; changed: boolean }> {
  const parsed = parse(accountRoleSchema, input);
  return db.transaction(async (tx) => {
    const admins = parsed.role === 'viewer' ? await lockAdmins(tx) : [];
    const current = await lockAccount(tx, parsed.email);
    if (current.role === parsed.role) return { account: current, changed: false };
    if (current.role === 'admin') keepAnAdmin(admins, current.email, 'demote');
    const [saved] = await tx
      .update(users)
      .set({ role: parsed.role, updatedAt: new Date() })
      .where(eq(users.id, current.id))
      .returning(columns);
    await recordAccountEvents(tx, [
      {
        email: current.email,
        actor,
        action: 'role_changed',
        before: { role: current.role },
        after: { role: parsed.role },
      },
    ]);
    return { account: saved!, changed: true };
  });
}

/** Gives an account a new generated one-time password and ends every session it has (as admin:create does). */
export async function resetPassword(
  db: Database,
  input: { email: string },
  actor: string,
): Promise<{ account: Account; password: string }> {
  const parsed = parse(accountRefSchema, input);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const account = await db.transaction(async (tx) => {
    const current = await lockAccount(tx, parsed.email);
    const now = new Date();
    const [saved] = await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, current.id))
      .returning(columns);
    await endUserSessions(tx, current.id);
    await clearEmailFailures(tx, current.email);
    await recordAccountEvents(tx, [
      {
        email: current.email,
        actor,
        action: 'password_reset',
        before: { role: current.role },
        after: { role: current.role },
      },
    ]);
    return saved!;
  });
  return { account, password };
}

/** Removes an account; its sessions go with it (ON DELETE CASCADE). Removing the only admin is refused. */
export async function removeAccount(
  db: Database,
  input: { email: string },
  actor: string,
): Promise<{ email: string; role: UserRole }> {
  const parsed = parse(accountRefSchema, input);
  return db.transaction(async (tx) => {
    const admins = await lockAdmins(tx);
    const current = await lockAccount(tx, parsed.email);
    if (current.role === 'admin') keepAnAdmin(admins, current.email, 'remove');
    await tx.delete(users).where(eq(users.id, current.id));
    await recordAccountEvents(tx, [
      { email: current.email, actor, action: 'removed', before: { role: current.role }, after: null },
    ]);
    return { email: current.email, role: current.role };
  });
}
