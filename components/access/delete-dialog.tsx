'use client';
// Deleting a saved group or team, behind a confirmation that says what it does to those using it: a group is taken
// out of every team granted it; a team's keys are revoked. Declared ones have no button (change the file).
import { useRouter } from 'next/navigation';
import { type FormEvent, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { deleteGroupAction, deleteTeamAction } from '@/app/admin/access/actions';
import type { ActionResult } from '@/lib/auth/action';
import { DialogActions } from '../ui/dialog-actions';
import { DialogFrame, triggerClass } from '../ui/dialog-frame';
import { FormMessage } from '../ui/form';

export function DeleteAccessDialog({
  what,
  slug,
  consequence,
}: {
  what: 'group' | 'team';
  slug: string;
  /** What deleting it does to those using it, in one sentence. */
  consequence: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState<ActionResult<{ slug: string }> | null>(null);
  const [pending, startTransition] = useTransition();
  // Called from the handler, not from an effect on the answer: the answer's own page update removes this row (and
  // this dialog) in the same render, and the toast must still say what happened.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await (what === 'group' ? deleteGroupAction : deleteTeamAction)(null, data);
      if (result.status === 'ok') {
        toast.success(result.message);
        setOpen(false);
        router.refresh();
      } else setAnswer(result);
    });
  };
  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setAnswer(null);
      }}
      trigger={
        <button type="button" className={triggerClass}>
          Delete
          <span className="sr-only">
            {' '}
            {what} {slug}
          </span>
        </button>
      }
      title={`Delete ${what} ${slug}`}
      description={<p>{consequence}</p>}
    >
      <form onSubmit={submit} className="mt-4 space-y-3">
        <FormMessage state={answer} />
        <input type="hidden" name="slug" value={slug} />
        <DialogActions label={`Delete ${what}`} pendingLabel="Deleting…" pending={pending} />
      </form>
    </DialogFrame>
  );
}
