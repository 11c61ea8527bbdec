'use client';
// The frame the Users, Access and model edit dialogs share (a Radix dialog with its overlay, title and description),
// and the one-time secret panel that a new password or a new API key ends with. Above everything on the page: the
// Models table's sticky bars (z-10, z-20) painted over a dialog that opened beside them.
import * as Dialog from '@radix-ui/react-dialog';
import { type ReactNode, type RefObject, useRef, useState } from 'react';

export const triggerClass =
  'rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium hover:bg-slate-50';

export function DialogFrame({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  wide = false,
  returnFocus = null,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens it; none for a dialog opened from elsewhere, or kept open after its button is gone. */
  trigger: ReactNode | null;
  title: string;
  description: ReactNode;
  /** A long form (a group's rule): a wider frame on wide screens. */
  wide?: boolean;
  /**
   * Where the focus goes when it closes, for a dialog without a trigger (Radix returns it to its trigger): a ref,
   * read as it closes (the element that opened it, which the caller may have let go of by then).
   */
  returnFocus?: RefObject<HTMLElement | null> | null;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <Dialog.Content
          onCloseAutoFocus={
            returnFocus
              ? (event) => {
                  // Gone from the page (its row left after a save): Radix's own choice.
                  if (!returnFocus.current?.isConnected) return;
                  event.preventDefault();
                  returnFocus.current.focus();
                }
              : undefined
          }
          className={`fixed left-1/2 top-1/2 z-50 max-h-[94vh] ${wide ? 'w-[min(42rem,94vw)]' : 'w-[min(30rem,94vw)]'} -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl`}
        >
          <Dialog.Title className="break-words text-lg font-semibold">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-1 space-y-2 text-sm text-slate-600">{description}</div>
          </Dialog.Description>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A generated secret (a password, an API key), shown once: selectable, copyable, and gone when the dialog closes. */
export function OneTimeSecret({
  id,
  label,
  value,
  advice,
}: {
  id: string;
  label: ReactNode;
  value: string;
  advice: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard (an http origin other than localhost): the text is selected for the person to copy.
    }
  };
  return (
    <div className="mt-4 space-y-3">
      <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
        <p className="font-medium">Shown once: copy it now.</p>
        <p className="mt-1">{advice}</p>
      </div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-sm"
        />
        <button type="button" onClick={copy} className={triggerClass}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <div className="flex justify-end">
        <Dialog.Close asChild>
          <button
            type="button"
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-800"
          >
            Done
          </button>
        </Dialog.Close>
      </div>
    </div>
  );
}
