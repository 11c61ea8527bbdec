'use client';
// The end of every dialog: Cancel (closes, changes nothing) and the one primary action, with its pending label and,
// while it cannot be used, a hint saying why.
import * as Dialog from '@radix-ui/react-dialog';
import { useId } from 'react';

export function DialogActions({
  label,
  pendingLabel,
  pending,
  disabled = false,
  hint,
  onClick,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  disabled?: boolean;
  /** Why the primary action is disabled ("Tick a field to change"), shown beside it and read with it. */
  hint?: string;
  /** Without it the primary button submits its form. */
  onClick?: () => void;
}) {
  const hintId = useId();
  const showHint = Boolean(hint) && disabled && !pending;
  return (
    <div className="flex flex-wrap items-center justify-end gap-3">
      {showHint && (
        <p id={hintId} className="mr-auto text-sm text-slate-600">
          {hint}
        </p>
      )}
      <Dialog.Close asChild>
        <button type="button" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Cancel
        </button>
      </Dialog.Close>
      <button
        type={onClick ? 'button' : 'submit'}
        onClick={onClick}
        disabled={pending || disabled}
        aria-describedby={showHint ? hintId : undefined}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
      >
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}
