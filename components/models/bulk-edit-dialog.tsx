'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { applyBulkAction, previewBulkAction, undoBulkAction } from '@/app/admin/models/actions';
import type { BulkPreview, BulkTarget as RegistryBulkTarget } from '@/lib/registry/changes/bulk-edit';
import { countOf } from '@/lib/registry/changes/bulk-words';
import { type BulkChanges, bulkChangesSchema, describeBulkChanges } from '@/lib/registry/model/fields';
import { MODEL_TYPE_LABELS, MODEL_TYPES, type ModelType } from '@/lib/registry/types';
import { DialogActions } from '../ui/dialog-actions';
import { FieldError, fieldAria } from '../ui/form';

export type BulkTarget = RegistryBulkTarget;

/** The dialog's fields: each has an "include" box; only included fields are sent. */
type Draft = {
  status: { on: boolean; value: 'active' | 'inactive' };
  clearDefault: { on: boolean };
  inputPrice: { on: boolean; value: string };
  outputPrice: { on: boolean; value: string };
  type: { on: boolean; value: ModelType };
  reviewed: { on: boolean };
};

/** Nothing ticked: a bulk edit changes only what a person chose, never a field by default. */
const initialDraft: Draft = {
  status: { on: false, value: 'inactive' },
  clearDefault: { on: false },
  inputPrice: { on: false, value: '' },
  outputPrice: { on: false, value: '' },
  type: { on: false, value: 'chat' },
  reviewed: { on: false },
};

function changesOf(draft: Draft) {
  return bulkChangesSchema.safeParse({
    status: draft.status.on ? draft.status.value : undefined,
    clearDefault: draft.clearDefault.on ? true : undefined,
    inputPricePerMtok: draft.inputPrice.on ? draft.inputPrice.value : undefined,
    outputPricePerMtok: draft.outputPrice.on ? draft.outputPrice.value : undefined,
    type: draft.type.on ? draft.type.value : undefined,
    reviewed: draft.reviewed.on ? true : undefined,
  });
}

const field = 'flex flex-wrap items-center gap-3 rounded-md border border-slate-200 px-3 py-2';

/** How long the toast after a bulk edit offers Undo. */
const UNDO_FOR_MS = 10_000;

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
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const [preview, setPreview] = useState<{ for: string; data: BulkPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const ticked = Object.values(draft).some((f) => f.on);
  const parsed = changesOf(draft);
  const changes: BulkChanges | null = parsed.success ? parsed.data : null;
  // A field's problem is shown beside that field; only one about the whole change (none ticked) in the summary.
  const issues = parsed.success ? [] : parsed.error.issues;
  const errorsOf = (key: string) => issues.filter((i) => i.path[0] === key).map((i) => i.message);
  const changeIssue = issues.find((i) => i.path.length === 0)?.message;
  const key = changes ? JSON.stringify(changes) : null;
  const targetKey = JSON.stringify(target);

  // Every change of the draft re-runs the preview (debounced), so what "Apply" does is always what is shown.
  useEffect(() => {
    if (!open || key === null) return;
    const timer = setTimeout(
      () =>
        startTransition(async () => {
          setError(null);
          const result = await previewBulkAction(null, {
            target: JSON.parse(targetKey),
            changes: JSON.parse(key),
          });
          if (result.status === 'ok') setPreview({ for: key, data: result.data });
          else setError(result.message);
        }),
      150,
    );
    return () => clearTimeout(timer);
  }, [open, key, targetKey]);

  const shown = preview && preview.for === key ? preview.data : null;
  const description = changes ? describeBulkChanges(changes) : '';
  // The undo outlives the dialog (and the selection): it only needs the edit's id and a refresh.
  const undo = async (bulkEdit: string) => {
    const result = await undoBulkAction(null, { bulkEdit });
    if (result.status === 'ok') toast.success(result.message);
    else toast.error(result.message);
    router.refresh();
  };
  const apply = () =>
    startTransition(async () => {
      if (!changes) return;
      const result = await applyBulkAction(null, { target, changes });
      if (result.status === 'ok') {
        const { bulkEdit } = result.data;
        toast.success(
          result.message,
          bulkEdit
            ? { duration: UNDO_FOR_MS, action: { label: 'Undo', onClick: () => void undo(bulkEdit) } }
            : undefined,
        );
        setOpen(false);
        onDone();
      } else setError(result.message);
    });
  const set = <K extends keyof Draft>(name: K, value: Partial<Draft[K]>) =>
    setDraft((d) => ({ ...d, [name]: { ...d[name], ...value } }));

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setPreview(null);
        setError(null);
        if (next) setDraft(initialDraft);
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
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[92vh] w-[min(36rem,94vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold">Bulk edit {countOf(count)}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            Tick the fields to change; the others stay as they are. A model pinned by config keeps the status
            its pin sets (its other fields still change). Nothing changes until you apply.
          </Dialog.Description>
          <div className="mt-4 space-y-2 text-sm">
            <fieldset className={field}>
              <legend className="sr-only">Status</legend>
              <label className="flex w-36 items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  checked={draft.status.on}
                  onChange={(e) => set('status', { on: e.target.checked })}
                />
                Change status
              </label>
              {(['active', 'inactive'] as const).map((value) => (
                <label key={value} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="bulk-status"
                    value={value}
                    checked={draft.status.value === value}
                    disabled={!draft.status.on}
                    onChange={() => set('status', { value })}
                  />
                  {value === 'active' ? 'Active' : 'Inactive'}
                </label>
              ))}
            </fieldset>
            <div className={field}>
              <label className="flex items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  checked={draft.clearDefault.on}
                  onChange={(e) => set('clearDefault', { on: e.target.checked })}
                />
                Remove "default for its type"
              </label>
            </div>
            {(
              [
                ['inputPrice', 'Input price', 'inputPricePerMtok'],
                ['outputPrice', 'Output price', 'outputPricePerMtok'],
              ] as const
            ).map(([name, label, schemaName]) => {
              const id = `bulk-${name}`;
              const errors = errorsOf(schemaName);
              return (
                <div key={name} className={field}>
                  <label className="flex w-36 items-center gap-2 font-medium">
                    <input
                      type="checkbox"
                      checked={draft[name].on}
                      onChange={(e) => set(name, { on: e.target.checked })}
                    />
                    Change {label.toLowerCase()}
                  </label>
                  <div className="grow basis-48 space-y-1">
                    <div className="flex items-center gap-3">
                      <input
                        id={id}
                        aria-label={`New ${label.toLowerCase()} per 1M tokens`}
                        {...fieldAria(id, errors)}
                        inputMode="decimal"
                        placeholder="empty = none"
                        disabled={!draft[name].on}
                        value={draft[name].value}
                        onChange={(e) => set(name, { value: e.target.value })}
                        className="w-32 rounded border border-slate-300 px-2 py-1 aria-[invalid=true]:border-red-600 aria-[invalid=true]:outline-red-600 disabled:bg-slate-100"
                      />
                      <span className="whitespace-nowrap text-xs text-slate-500">per 1M tokens</span>
                    </div>
                    <FieldError id={id} errors={errors} />
                  </div>
                </div>
              );
            })}
            <div className={field}>
              <label className="flex w-36 items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  checked={draft.type.on}
                  onChange={(e) => set('type', { on: e.target.checked })}
                />
                Change type
              </label>
              <select
                aria-label="New type"
                disabled={!draft.type.on}
                value={draft.type.value}
                onChange={(e) => set('type', { value: e.target.value as ModelType })}
                className="rounded border border-slate-300 px-2 py-1 disabled:bg-slate-100"
              >
                {MODEL_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {MODEL_TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            </div>
            <div className={field}>
              <label className="flex items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  checked={draft.reviewed.on}
                  onChange={(e) => set('reviewed', { on: e.target.checked })}
                />
                Mark reviewed
              </label>
              <span className="text-xs text-slate-500">the models awaiting review leave the queue</span>
            </div>
          </div>
          <section
            aria-label="What will happen"
            aria-live="polite"
            className="mt-4 min-h-16 rounded-md bg-slate-50 p-3 text-sm"
          >
            {!ticked ? (
              <p className="text-slate-600">Nothing is ticked yet, so nothing would change.</p>
            ) : !parsed.success ? (
              <p className="text-amber-800">
                {changeIssue ?? 'Fix the field marked above to see what will happen.'}
              </p>
            ) : shown ? (
              <ul className="space-y-1">
                <li>
                  <strong>{countOf(shown.willChange)}</strong> will change to {description}
                  {shown.changing.length > 0 && (
                    <ul
                      aria-label="Models that will change"
                      className="ml-4 mt-1 list-disc text-xs text-slate-700"
                    >
                      {shown.changing.map((m) => (
                        <li key={m.id} className="[overflow-wrap:anywhere]">
                          {m.displayName}{' '}
                          <span className="font-mono text-slate-500">
                            {m.provider}/{m.modelId}
                          </span>
                        </li>
                      ))}
                      {shown.willChange > shown.changing.length && (
                        <li>and {countOf(shown.willChange - shown.changing.length, 'more', 'more')}</li>
                      )}
                    </ul>
                  )}
                </li>
                <li>
                  <strong>{countOf(shown.alreadySo)}</strong> already so
                </li>
                <li>
                  <strong>{countOf(shown.pinned.length)}</strong> pinned by config, status kept
                  {shown.pinned.length > 0 && (
                    <ul className="ml-4 mt-1 list-disc text-xs text-slate-600">
                      {shown.pinned.slice(0, 5).map((p) => (
                        <li key={p.modelId}>
                          {p.modelId}: {p.reason}
                        </li>
                      ))}
                      {shown.pinned.length > 5 && <li>and {shown.pinned.length - 5} more</li>}
                    </ul>
                  )}
                </li>
              </ul>
            ) : (
              <p className="text-slate-500">Working out what will change…</p>
            )}
            {error && (
              <p role="alert" className="mt-2 text-red-700">
                {error}
              </p>
            )}
          </section>
          <div className="mt-6">
            <DialogActions
              label={shown ? `Apply to ${countOf(shown.willChange)}` : 'Apply'}
              pendingLabel="Working…"
              pending={pending}
              disabled={!shown || shown.willChange === 0}
              hint={!ticked ? 'Tick a field to change' : undefined}
              onClick={apply}
            />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
