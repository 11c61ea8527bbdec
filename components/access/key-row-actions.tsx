'use client';
// A key's two changes, each behind a confirmation: Revoke (refused from the next request on) and Rotate (a new
// secret for the same team, shown once; the old key revoked). The hidden suffix names the key ("Revoke mrk_…").
// Mounted for every key, active or not: once a change revokes this row's key its buttons go, but an open dialog
// (the rotated key's one-time secret, the revoke's answer) stays until it is closed.
import { useRouter } from 'next/navigation';
import { type ComponentProps, useEffect, useState } from 'react';
import { toast } from 'sonner';
import { revokeKeyAction, rotateKeyAction } from '@/app/admin/access/actions';
import type { ActionResult } from '@/lib/auth/action';
import { DialogActions } from '../ui/dialog-actions';
import { DialogFrame, triggerClass } from '../ui/dialog-frame';
import { FormMessage, useActionForm } from '../ui/form';
import { OneTimeKey } from './one-time-key';

type Row = { prefix: string; name: string };

function Trigger({ label, prefix, ...props }: { label: string; prefix: string } & ComponentProps<'button'>) {
  return (
    <button type="button" className={triggerClass} {...props}>
      {label}
      <span className="sr-only"> {prefix}</span>
    </button>
  );
}

function RevokeKeyDialog({ row, active }: { row: Row; active: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const revoke = useActionForm<ActionResult<{ prefix: string }>>(revokeKeyAction);
  useEffect(() => {
    if (revoke.state?.status !== 'ok') return;
    toast.success(revoke.state.message);
    setOpen(false);
    router.refresh();
  }, [revoke.state, router]);
  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        revoke.clear();
      }}
      trigger={active ? <Trigger label="Revoke" prefix={row.prefix} /> : null}
      title={`Revoke key ${row.prefix}`}
      description={
        <p>
          “{row.name}” is refused from its next request on, on every server. This cannot be undone: a service
          that still needs access needs a new key.
        </p>
      }
    >
      <form {...revoke.form} className="mt-4 space-y-3">
        <FormMessage state={revoke.state} />
        <input type="hidden" name="prefix" value={row.prefix} />
        <DialogActions label="Revoke key" pendingLabel="Revoking…" pending={revoke.pending} />
      </form>
    </DialogFrame>
  );
}

function RotateKeyDialog({ row, active }: { row: Row; active: boolean }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const rotate = useActionForm<ActionResult<{ key: string; prefix: string; name: string }>>(rotateKeyAction);
  const done = rotate.state?.status === 'ok' ? rotate.state.data : null;
  useEffect(() => {
    if (done) router.refresh();
  }, [done, router]);
  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        rotate.clear(); // the secret goes with the dialog
      }}
      trigger={active ? <Trigger label="Rotate" prefix={row.prefix} /> : null}
      title={done ? `Created key ${done.prefix}` : `Rotate key ${row.prefix}`}
      description={
        done ? (
          <p>It replaces {row.prefix}, which is revoked: give the new key to the service now.</p>
        ) : (
          <p>
            A new key for the same team and expiry replaces “{row.name}”; the old one is refused from its next
            request on.
          </p>
        )
      }
    >
      {done ? (
        <OneTimeKey name={done.name} secret={done.key} />
      ) : (
        <form {...rotate.form} className="mt-4 space-y-3">
          <FormMessage state={rotate.state} />
          <input type="hidden" name="prefix" value={row.prefix} />
          <DialogActions label="Rotate key" pendingLabel="Rotating…" pending={rotate.pending} />
        </form>
      )}
    </DialogFrame>
  );
}

export function KeyRowActions({ row, active }: { row: Row; active: boolean }) {
  return (
    <div className="flex flex-wrap gap-2">
      <RotateKeyDialog row={row} active={active} />
      <RevokeKeyDialog row={row} active={active} />
    </div>
  );
}
