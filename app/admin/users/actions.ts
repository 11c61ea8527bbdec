'use server';

import { revalidatePath } from 'next/cache';
import {
  accountRefSchema,
  accountRoleSchema,
  addAccount,
  changeRole,
  removeAccount,
  resetPassword,
} from '@/lib/auth/accounts';
import { action, ok } from '@/lib/auth/action';

// Every change here is an admin's: the actor is `admin:<email>` (lib/auth/action.ts). A generated password is
// returned once, in this answer only, for the dialog to show; it is never logged or stored in clear.

function revalidateUsers() {
  revalidatePath('/admin/users');
  revalidatePath('/admin/audit');
}

export const addAccountAction = action('admin', accountRoleSchema, async (input, ctx) => {
  const { account, password } = await addAccount(ctx.db, input, ctx.actor);
  revalidateUsers();
  return ok(
    { email: account.email, role: account.role, password },
    `Added ${account.role} ${account.email}.`,
  );
});

export const changeRoleAction = action('admin', accountRoleSchema, async (input, ctx) => {
  const { account, changed } = await changeRole(ctx.db, input, ctx.actor);
  revalidateUsers();
  const self = account.email === ctx.user.email && changed && account.role === 'viewer';
  return ok(
    { email: account.email, role: account.role, changed, self },
    changed
      ? `${account.email} is now ${account.role === 'admin' ? 'an admin' : 'a viewer'}.`
      : `${account.email} is already ${account.role === 'admin' ? 'an admin' : 'a viewer'}.`,
  );
});

export const resetPasswordAction = action('admin', accountRefSchema, async (input, ctx) => {
  const { account, password } = await resetPassword(ctx.db, input, ctx.actor);
  revalidateUsers();
  return ok(
    { email: account.email, password, self: account.email === ctx.user.email },
    `New password for ${account.email}; every session it had is signed out.`,
  );
});

export const removeAccountAction = action('admin', accountRefSchema, async (input, ctx) => {
  const removed = await removeAccount(ctx.db, input, ctx.actor);
  revalidateUsers();
  return ok(
    { ...removed, self: removed.email === ctx.user.email },
    `Removed ${removed.email}; its sessions are signed out.`,
  );
});
