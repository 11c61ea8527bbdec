// The one writer of `account_events` rows, and the last-admin rule every account change obeys. Each change writes
// its events in the same transaction as the change; `account_events` is append-only. Never a password or a hash:
// `before`/`after` hold the role.
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { type AccountEventAction, accountEvents, type UserRole, users } from '../../db/schema';
import { RegistryError } from '../registry/errors';

export type AccountEventInput = {
  email: string;
  /** `admin:<email>` from the dashboard, `cli` from admin:create, `cli:<name>` from another command. */
  actor: string;
  action: AccountEventAction;
  before: { role: UserRole } | null;
  after: { role: UserRole } | null;
};

/** Inserts the events of one change in one statement. */
export async function recordAccountEvents(tx: Tx, events: readonly AccountEventInput[]): Promise<void> {
  if (events.length > 0) await tx.insert(accountEvents).values([...events]);
}

/**
 * Locks every admin row (FOR UPDATE, in id order) and returns their emails. A change that may take away an admin
 * calls this first, before it locks its target: two such changes at once then run one after the other, and the
 * second sees the first's result (a row no longer admin drops out of its FOR UPDATE re-check), so together they
 * can never leave zero admins.
 */
export async function lockAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ email: users.email })
    .from(users)
    .where(eq(users.role, 'admin'))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((r) => r.email);
}

/** Refuses to demote or remove `email` when it is the only admin (`admins` from lockAdmins, in this transaction). */
export function keepAnAdmin(admins: readonly string[], email: string, change: 'demote' | 'remove'): void {
  if (admins.length !== 1 || admins[0] !== email) return;
  const doing = change === 'remove' ? 'Removing it' : 'Making it a viewer';
  throw new RegistryError(
    'refused',
    `${email} is the only admin. ${doing} would leave nobody who can change models or manage accounts. Make another account an admin first.`,
  );
}
