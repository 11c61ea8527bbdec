'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { addAccountAction } from '@/app/admin/users/actions';
import type { ActionResult } from '@/lib/auth/action';
import { DialogActions } from '../ui/dialog-actions';
import { DialogFrame } from '../ui/dialog-frame';
import { Field, FormMessage, inputClass, useActionForm } from '../ui/form';
import { OneTimePassword } from './one-time-password';
import { RoleChoice } from './role-choice';

type Added = ActionResult<{ email: string; role: string; password: string }>;

/** "Add account": email and role, then the generated password, once. */
export function AddAccountDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const add = useActionForm<Added>(addAccountAction);
  const { state, errors } = add;
  const added = state?.status === 'ok' ? state.data : null;

  useEffect(() => {
    if (added) router.refresh();
  }, [added, router]);

  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        add.clear(); // the password goes with the dialog
      }}
      trigger={
        <button
          type="button"
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-800"
        >
          Add account…
        </button>
      }
      title={added ? `Added ${added.email}` : 'Add an account'}
      description={
        added ? (
          <p>
            {added.email} can sign in as {added.role === 'admin' ? 'an admin' : 'a viewer'} with this
            password.
          </p>
        ) : (
          <p>A strong password is generated and shown once, here, after the account is added.</p>
        )
      }
    >
      {added ? (
        <OneTimePassword email={added.email} password={added.password} />
      ) : (
        <form {...add.form} className="mt-4 space-y-3">
          <FormMessage state={state} />
          <Field name="email" label="Email" errors={errors.email}>
            {(p) => (
              <input {...p} type="email" required maxLength={254} autoComplete="off" className={inputClass} />
            )}
          </Field>
          <RoleChoice defaultRole="viewer" errors={errors.role} />
          <div className="border-t border-slate-100 pt-4">
            <DialogActions label="Add account" pendingLabel="Adding…" pending={add.pending} />
          </div>
        </form>
      )}
    </DialogFrame>
  );
}
