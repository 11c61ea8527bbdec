'use client';
// The end of every dialog: Cancel (closes, changes nothing) and the one primary action, with its pending label.
import * as Dialog from '@radix-ui/react-dialog';

export function DialogActions({
  label,
  pendingLabel,
  pending,
  disabled = false,
  onClick,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  disabled?: boolean;
  /** Without it the primary button submits its form. */
  onClick?: () => void;
}) {
  return (
    <div className="flex justify-end gap-3">
      <Dialog.Close asChild>
        <button type="button" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
          Cancel
        </button>
      </Dialog.Close>
      <button
        type={onClick ? 'button' : 'submit'}
        onClick={onClick}
        disabled={pending || disabled}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
      >
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}
