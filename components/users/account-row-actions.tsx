'use client';
// A row's three changes, each behind a confirmation dialog: Change role, Reset password, Remove. Each button's
// visible text starts its accessible name; a visually hidden suffix names the account ("Remove bob@example.com").
import { useRouter } from 'next/navigation';
import { type ComponentProps, useEffect, useState } from 'react';
import { toast } from 'sonner';
import { changeRoleAction, removeAccountAction, resetPasswordAction } from '@/app/admin/users/actions';
import type { ActionResult } from '@/lib/auth/action';
import { DialogActions } from '../ui/dialog-actions';
import { DialogFrame, triggerClass } from '../ui/dialog-frame';
import { FormMessage, useActionForm } from '../ui/form';
import { OneTimePassword } from './one-time-password';
import { RoleChoice } from './role-choice';

type Row = { email: string; role: 'admin' | 'viewer' };

/** The dialog's trigger: Radix's `asChild` hands it the click handler, aria attributes and ref, passed on here. */
function Trigger({ label, email, ...props }: { label: string; email: string } & ComponentProps<'button'>) {
  return (
    <button type="button" className={triggerClass} {...props}>
      {label}
      <span className="sr-only"> {email}</span>
    </button>
  );
}

/** Closes the dialog and refreshes the list after an `ok` answer (and, for one's own account, what follows). */
function useDone(state: { status: string; message: string } | null, setOpen: (open: boolean) => void) {
  const router = useRouter();
  useEffect(() => {
    if (state?.status !== 'ok') return;
    toast.success(state.message);
    setOpen(false);
    router.refresh();
  }, [state, setOpen, router]);
}

function ChangeRoleDialog({ row, self }: { row: Row; self: boolean }) {
  const [open, setOpen] = useState(false);
  const change = useActionForm<ActionResult<{ changed: boolean }>>(changeRoleAction);
  useDone(change.state, setOpen);
  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        change.clear();
      }}
      trigger={<Trigger label="Change role" email={row.email} />}
      title={`Change the role of ${row.email}`}
      description={
        <>
          <p>
            It is {row.role === 'admin' ? 'an admin' : 'a viewer'} now. The change counts at its next page.
          </p>
          {self && row.role === 'admin' && (
            <p className="font-medium text-amber-900">
              This is your account: as a viewer you can no longer change models or manage accounts.
            </p>
          )}
        </>
      }
    >
      <form {...change.form} className="mt-4 space-y-3">
        <FormMessage state={change.state} />
        <input type="hidden" name="email" value={row.email} />
        <RoleChoice defaultRole={row.role} errors={change.errors.role} />
        <div className="border-t border-slate-100 pt-4">
          <DialogActions label="Change role" pendingLabel="Changing…" pending={change.pending} />
        </div>
      </form>
    </DialogFrame>
  );
}

function ResetPasswordDialog({ row, self }: { row: Row; self: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const reset = useActionForm<ActionResult<{ email: string; password: string }>>(resetPasswordAction);
  const done = reset.state?.status === 'ok' ? reset.state.data : null;
  useEffect(() => {
    // Not for one's own account yet: its session has ended, and a refresh would leave for the sign-in page
    // before the new password was read. Closing the dialog does it.
    if (done && !self) router.refresh();
  }, [done, self, router]);
  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        reset.clear();
        if (!next && done) router.refresh();
      }}
      trigger={<Trigger label="Reset password" email={row.email} />}
      title={done ? `New password for ${row.email}` : `Reset the password of ${row.email}?`}
      description={
        done ? (
          <p>Every session it had is signed out; it signs in with this password now.</p>
        ) : (
          <>
            <p>
              A new password is generated and shown once. The old one stops working and every session of this
              account is signed out at once.
            </p>
            {self && (
              <p className="font-medium text-amber-900">
                This is your account: you will be signed out and sign in again with the new password.
              </p>
            )}
          </>
        )
      }
    >
      {done ? (
        <OneTimePassword email={done.email} password={done.password} />
      ) : (
        <form {...reset.form} className="mt-4 space-y-3">
          <FormMessage state={reset.state} />
          <input type="hidden" name="email" value={row.email} />
          <DialogActions label="Reset password" pendingLabel="Resetting…" pending={reset.pending} />
        </form>
      )}
    </DialogFrame>
  );
}

function RemoveAccountDialog({ row, self }: { row: Row; self: boolean }) {
  const [open, setOpen] = useState(false);
  const remove = useActionForm<ActionResult<{ email: string }>>(removeAccountAction);
  useDone(remove.state, setOpen);
  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        remove.clear();
      }}
      trigger={<Trigger label="Remove" email={row.email} />}
      title={`Remove ${row.email}?`}
      description={
        <>
          <p>
            The account and its sessions are deleted: it can no longer sign in. Its changes stay in the audit
            log under its email.
          </p>
          {self && (
            <p className="font-medium text-amber-900">
              This is your account: you will be signed out at once.
            </p>
          )}
        </>
      }
    >
      <form {...remove.form} className="mt-4 space-y-3">
        <FormMessage state={remove.state} />
        <input type="hidden" name="email" value={row.email} />
        <DialogActions label="Remove account" pendingLabel="Removing…" pending={remove.pending} />
      </form>
    </DialogFrame>
  );
}

export function AccountRowActions({ row, self }: { row: Row; self: boolean }) {
  return (
    <div className="flex flex-wrap gap-2">
      <ChangeRoleDialog row={row} self={self} />
      <ResetPasswordDialog row={row} self={self} />
      <RemoveAccountDialog row={row} self={self} />
    </div>
  );
}
