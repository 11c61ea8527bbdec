'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { createModelAction } from '@/app/admin/models/actions';
import type { ActionResult } from '@/lib/auth/action';
import { MODEL_TYPE_LABELS, MODEL_TYPES } from '@/lib/registry/types';
import { DialogActions } from '../ui/dialog-actions';
import { Field, FormMessage, inputClass, useActionForm } from '../ui/form';

export function CreateModelDialog({ providers }: { providers: string[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const create = useActionForm<ActionResult<{ id: number }>>(createModelAction);
  const { state, errors } = create;

  useEffect(() => {
    if (state?.status === 'ok') {
      toast.success(state.message);
      setOpen(false);
      router.refresh();
    }
  }, [state, router]);

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        create.clear();
      }}
    >
      <Dialog.Trigger asChild>
        <button
          type="button"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
        >
          Add model…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[94vh] w-[min(36rem,94vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Add a manual model</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            For a model the provider does not list (a fine-tune, a private deployment). Syncs never retire it;
            if the provider starts listing the id, it becomes a provider model and keeps what you typed.
          </Dialog.Description>
          <form {...create.form} className="mt-4 space-y-3">
            <FormMessage state={state} />
            <div className="grid gap-3 sm:grid-cols-2">
              <Field name="provider" label="Provider" errors={errors.provider}>
                {(p) => (
                  <select {...p} className={inputClass} defaultValue={providers[0]}>
                    {providers.map((id) => (
                      <option key={id} value={id}>
                        {id}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name="modelId" label="Model id" errors={errors.modelId} hint="The id clients send.">
                {(p) => <input {...p} required maxLength={128} className={`${inputClass} font-mono`} />}
              </Field>
            </div>
            <Field name="displayName" label="Display name" errors={errors.displayName}>
              {(p) => <input {...p} required maxLength={200} className={inputClass} />}
            </Field>
            <Field name="description" label="Description" errors={errors.description}>
              {(p) => <textarea {...p} rows={2} className={inputClass} />}
            </Field>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field name="type" label="Type" errors={errors.type}>
                {(p) => (
                  <select {...p} className={inputClass} defaultValue="chat">
                    {MODEL_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {MODEL_TYPE_LABELS[t]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name="status" label="Status" errors={errors.status}>
                {(p) => (
                  <select {...p} className={inputClass} defaultValue="inactive">
                    <option value="active">Active</option>
                    <option value="inactive">Inactive</option>
                  </select>
                )}
              </Field>
              <Field name="contextLength" label="Context length (tokens)" errors={errors.contextLength}>
                {(p) => <input {...p} inputMode="numeric" className={inputClass} />}
              </Field>
              <div />
              <Field
                name="inputPricePerMtok"
                label="Input price per 1M tokens"
                errors={errors.inputPricePerMtok}
              >
                {(p) => <input {...p} inputMode="decimal" className={inputClass} />}
              </Field>
              <Field
                name="outputPricePerMtok"
                label="Output price per 1M tokens"
                errors={errors.outputPricePerMtok}
              >
                {(p) => <input {...p} inputMode="decimal" className={inputClass} />}
              </Field>
            </div>
            <div className="border-t border-slate-100 pt-4">
              <DialogActions label="Add model" pendingLabel="Adding…" pending={create.pending} />
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
