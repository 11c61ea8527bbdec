'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { applyBulkAction, previewBulkAction } from '@/app/admin/models/actions';
import type { BulkPreview, BulkTarget as RegistryBulkTarget } from '@/lib/registry/bulk';

export type BulkTarget = RegistryBulkTarget;

export function BulkEditDialog({
  target,
  count,
  onDone,
}: {
  target: BulkTarget;
  count: number;
  onDone: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<'active' | 'inactive'>('inactive');
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const runPreview = (next: 'active' | 'inactive') =>
    startTransition(async () => {
      setError(null);
      const result = await previewBulkAction(null, { target, status: next });
      if (result.status === 'ok') setPreview(result.data);
      else setError(result.message);
    });

  const apply = () =>
    startTransition(async () => {
      const result = await applyBulkAction(null, { target, status });
      if (result.status === 'ok') {
        toast.success(result.message);
        setOpen(false);
        onDone();
      } else setError(result.message);
    });

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setPreview(null);
        setError(null);
        if (next) runPreview(status);
      }}
    >
      <Dialog.Trigger asChild>
        <button
          type="button"
          className="rounded-md bg-slate-900 px-3 py-1 font-medium text-white hover:bg-slate-800"
        >
          Bulk edit…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 w-[min(32rem,92vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Bulk edit {count} models</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            Set the status of every selected model. Pinned models are skipped; nothing changes until you
            apply.
          </Dialog.Description>
          <fieldset className="mt-4">
            <legend className="text-sm font-medium">New status</legend>
            <div className="mt-2 flex gap-4 text-sm">
              {(['active', 'inactive'] as const).map((value) => (
                <label key={value} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="bulk-status"
                    value={value}
                    checked={status === value}
                    onChange={() => {
                      setStatus(value);
                      runPreview(value);
                    }}
                  />
                  {value === 'active' ? 'Active' : 'Inactive'}
                </label>
              ))}
            </div>
          </fieldset>
          <section
            aria-label="What will happen"
            aria-live="polite"
            className="mt-4 min-h-16 rounded-md bg-slate-50 p-3 text-sm"
          >
            {preview ? (
              <ul className="space-y-1">
                <li>
                  <strong>{preview.willChange}</strong> will change to {status}
                </li>
                <li>
                  <strong>{preview.alreadySo}</strong> already {status}
                </li>
                <li>
                  <strong>{preview.pinned.length}</strong> pinned by config, skipped
                  {preview.pinned.length > 0 && (
                    <ul className="ml-4 mt-1 list-disc text-xs text-slate-600">
                      {preview.pinned.slice(0, 5).map((p) => (
                        <li key={p.modelId}>
                          {p.modelId}: {p.reason}
                        </li>
                      ))}
                      {preview.pinned.length > 5 && <li>and {preview.pinned.length - 5} more</li>}
                    </ul>
                  )}
                </li>
              </ul>
            ) : (
              <p className="text-slate-500">{pending ? 'Working out what will change…' : ''}</p>
            )}
            {error && (
              <p role="alert" className="mt-2 text-red-700">
                {error}
              </p>
            )}
          </section>
          <div className="mt-6 flex justify-end gap-3">
            <Dialog.Close asChild>
              <button type="button" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
                Cancel
              </button>
            </Dialog.Close>
            <button
              type="button"
              onClick={apply}
              disabled={pending || !preview || preview.willChange === 0}
              className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
            >
              {pending ? 'Applying…' : `Apply to ${preview?.willChange ?? '…'} models`}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
