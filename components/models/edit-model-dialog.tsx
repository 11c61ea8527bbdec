'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import { toast } from 'sonner';
import {
  deleteModelAction,
  loadEditableModelAction,
  setStatusAction,
  updateModelAction,
} from '@/app/admin/models/actions';
import type { ActionResult } from '@/lib/auth/action';
import { formatPriceSource, priceSourceLabel } from '@/lib/registry/model/prices';
import type { EditableModel } from '@/lib/registry/reads/model-editor';
import { DialogActions } from '../ui/dialog-actions';
import { DialogFrame } from '../ui/dialog-frame';
import { Field, FormMessage, inputClass, useActionForm } from '../ui/form';
import { PriceLabel } from './price-label';

type SaveResult = ActionResult<{ changed: string[]; version: number }>;

/** Shown beside a field an admin overrode: the provider's value and a button that puts it back. */
function providerValue(
  row: EditableModel,
  field: keyof NonNullable<EditableModel['providerValues']>,
  onReset: (form: HTMLFormElement | null, field: string) => void,
) {
  if (!row.providerValues || !row.overriddenFields.includes(field)) return undefined;
  const value = row.providerValues[field];
  const shown = Array.isArray(value) ? value.join(', ') || 'none' : (value ?? 'none');
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span>Overridden; provider says “{String(shown)}”.</span>
      {/* A plain button: Enter in a field must save, not reset (the first submit button is the default). */}
      <button
        type="button"
        onClick={(e) => onReset(e.currentTarget.form, field)}
        className="font-medium text-slate-800 underline"
      >
        Reset to provider value
      </button>
    </span>
  );
}

/** Beside the prices: where they came from and, under an admin's, the seed's price and a way back to it. */
function priceHint(row: EditableModel, onReset: (form: HTMLFormElement | null) => void) {
  const source = formatPriceSource(row.priceSource);
  if (row.priceSource !== 'admin') return <span>Source: {source}. Unknown is left empty; 0 is free.</span>;
  const seed = row.seedPrice;
  const known = seed && seed.source !== null;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span>
        Set by an admin; a sync leaves it.{' '}
        {known ? (
          <>
            {priceSourceLabel(seed.source)} says <PriceLabel price={seed} />.
          </>
        ) : (
          'No provider or catalog price is known.'
        )}
      </span>
      <button
        type="button"
        onClick={(e) => onReset(e.currentTarget.form)}
        className="font-medium text-slate-800 underline"
      >
        {known ? `Use the ${priceSourceLabel(seed.source)} price` : 'Clear (unknown)'}
      </button>
    </span>
  );
}

type Loaded =
  | { status: 'loading' }
  /** `retry`: whether asking again may help (a fault); a deleted model or an ended session will not change. */
  | { status: 'failed'; message: string; retry: boolean }
  | { status: 'ok'; model: EditableModel };

/** The model the dialog edits, and the button that opened it (the focus goes back to it on close). */
export type EditTarget = { id: number; modelId: string; opener: HTMLElement | null };

/**
 * The table's one edit dialog, for the row whose Edit button opened it (`target`; null when closed): one dialog for
 * the page, not one per row. The row names the model; what the form shows is read when the dialog opens (the
 * page's rows carry only what they show), so it is also the model as it is now, not as the page last saw it.
 */
export function EditModelDialog({ target, onClose }: { target: EditTarget | null; onClose: () => void }) {
  const [answer, setLoaded] = useState<Loaded>({ status: 'loading' });
  const router = useRouter();
  const failedAction = useRef<HTMLButtonElement>(null);
  const id = target?.id;
  // The button that opened it, kept after `target` is let go: the focus goes back to it when the dialog closes.
  const opener = useRef<HTMLElement | null>(null);
  if (target) opener.current = target.opener;
  // Each opening asks anew: an answer for an earlier request (another row, or this one before a save) is dropped.
  const request = useRef(0);
  const [answeredRequest, setAnsweredRequest] = useState(-1);
  const loaded: Loaded = answeredRequest === request.current ? answer : { status: 'loading' };
  // A failure takes the focus to what can be done about it (Radix put it on the dialog while it loaded).
  useEffect(() => {
    if (loaded.status === 'failed') failedAction.current?.focus();
  }, [loaded.status]);
  const load = useCallback((id: number) => {
    const asked = ++request.current;
    const answered = (next: Loaded) => {
      if (asked !== request.current) return;
      setLoaded(next);
      setAnsweredRequest(asked);
    };
    setAnsweredRequest(-1);
    loadEditableModelAction(null, { id }).then(
      (result) =>
        answered(
          result.status === 'ok'
            ? { status: 'ok', model: result.data }
            : { status: 'failed', message: result.message, retry: result.status === 'error' },
        ),
      () => answered({ status: 'failed', message: 'The model could not be loaded. Try again.', retry: true }),
    );
  }, []);
  // Opening asks for the model; closing drops whatever is still on its way.
  useEffect(() => {
    if (id !== undefined) load(id);
    else request.current++;
  }, [id, load]);
  const description =
    loaded.status === 'ok'
      ? `${loaded.model.provider} · ${loaded.model.source === 'manual' ? 'manual model' : 'from the provider'} · version ${loaded.model.version}. Fields you change here are kept by every later sync.`
      : loaded.status === 'loading'
        ? 'Loading…'
        : loaded.message;
  return (
    <DialogFrame
      open={target !== null}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      trigger={null}
      returnFocus={opener}
      title={`Edit ${target?.modelId ?? ''}`}
      description={<p aria-live="polite">{description}</p>}
      wide
    >
      {loaded.status === 'ok' && <EditForm row={loaded.model} close={onClose} />}
      {loaded.status === 'failed' && (
        <div className="mt-4 flex justify-end gap-3">
          <Dialog.Close className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
            Close
          </Dialog.Close>
          <button
            ref={failedAction}
            type="button"
            onClick={() => {
              if (loaded.retry && id !== undefined) return load(id);
              onClose();
              router.refresh();
            }}
            className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white"
          >
            {loaded.retry ? 'Try again' : 'Close and reload'}
          </button>
        </div>
      )}
    </DialogFrame>
  );
}

/** The dialog's form for one loaded model. */
function EditForm({ row, close }: { row: EditableModel; close: () => void }) {
  const router = useRouter();
  // The form arrives after the dialog opened (it loads first): the focus goes to its first field, as it would
  // have on opening.
  const firstField = useRef<HTMLInputElement>(null);
  useEffect(() => firstField.current?.focus(), []);
  const save = useActionForm<SaveResult>(updateModelAction);
  const { state, errors } = save;
  const [isDefault, setIsDefault] = useState(row.isDefault);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [working, startTransition] = useTransition();
  const reset = (form: HTMLFormElement | null, field: string) => {
    if (!form) return;
    const data = new FormData(form);
    data.append('reset', field);
    save.submit(data);
  };

  const resetPrice = (form: HTMLFormElement | null) => {
    if (!form) return;
    const data = new FormData(form);
    data.set('resetPrice', 'true');
    save.submit(data);
  };

  useEffect(() => {
    if (state?.status === 'ok') {
      toast.success(`${row.modelId}: ${state.message}`);
      close();
      router.refresh();
    }
  }, [state, row.modelId, router, close]);

  const remove = () =>
    startTransition(async () => {
      const result = await deleteModelAction(null, { id: row.id, version: row.version });
      if (result.status === 'ok') {
        toast.success(result.message);
        close();
        router.refresh();
      } else toast.error(result.message);
    });
  const setInactive = () =>
    startTransition(async () => {
      const result = await setStatusAction(null, { id: row.id, status: 'inactive' });
      if (result.status === 'ok') {
        toast.success(`${row.modelId}: ${result.message}`);
        close();
        router.refresh();
      } else toast.error(result.message);
    });

  return (
    <form {...save.form} className="mt-4 space-y-3" key={row.version}>
      <input type="hidden" name="id" value={row.id} />
      <input type="hidden" name="version" value={row.version} />
      <input type="hidden" name="isDefault" value={String(isDefault)} />
      <FormMessage state={state} />
      {state?.status === 'conflict' && (
        <button
          type="button"
          className="text-sm font-medium underline"
          onClick={() => {
            close();
            router.refresh();
          }}
        >
          Close and reload
        </button>
      )}
      <Field
        name="displayName"
        label="Display name"
        errors={errors.displayName}
        hint={providerValue(row, 'displayName', reset)}
      >
        {(p) => (
          <input
            {...p}
            ref={firstField}
            defaultValue={row.displayName}
            className={inputClass}
            required
            maxLength={200}
          />
        )}
      </Field>
      <Field
        name="description"
        label="Description"
        errors={errors.description}
        hint={providerValue(row, 'description', reset)}
      >
        {(p) => <textarea {...p} defaultValue={row.description ?? ''} rows={2} className={inputClass} />}
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          name="status"
          label="Status"
          errors={errors.status}
          hint={row.pin ? `${row.pin}: the UI cannot change it; change config instead.` : undefined}
        >
          {(p) => (
            <select {...p} defaultValue={row.status} disabled={Boolean(row.pin)} className={inputClass}>
              <option value="active">Active</option>
              <option value="inactive">Inactive</option>
            </select>
          )}
        </Field>
        <Field
          name="contextLength"
          label="Context length (tokens)"
          errors={errors.contextLength}
          hint={providerValue(row, 'contextLength', reset)}
        >
          {(p) => (
            <input {...p} inputMode="numeric" defaultValue={row.contextLength ?? ''} className={inputClass} />
          )}
        </Field>
        <Field name="inputPricePerMtok" label="Input price per 1M tokens" errors={errors.inputPricePerMtok}>
          {(p) => (
            <input {...p} inputMode="decimal" defaultValue={row.inputPrice ?? ''} className={inputClass} />
          )}
        </Field>
        <Field
          name="outputPricePerMtok"
          label="Output price per 1M tokens"
          errors={errors.outputPricePerMtok}
          hint={priceHint(row, resetPrice)}
        >
          {(p) => (
            <input {...p} inputMode="decimal" defaultValue={row.outputPrice ?? ''} className={inputClass} />
          )}
        </Field>
      </div>
      <Field
        name="capabilities"
        label="Capabilities"
        errors={errors.capabilities}
        hint={providerValue(row, 'capabilities', reset)}
      >
        {(p) => (
          <input
            {...p}
            defaultValue={row.capabilities.join(', ')}
            placeholder="completion_chat, vision"
            className={inputClass}
          />
        )}
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
        Default {row.type} model (the current default of this type stops being one)
      </label>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <div className="text-sm">
          {row.source === 'manual' ? (
            confirmDelete ? (
              <span className="flex items-center gap-2">
                Delete {row.modelId} for good?
                <button
                  type="button"
                  onClick={remove}
                  disabled={working}
                  className="rounded-md bg-red-700 px-2 py-1 font-medium text-white disabled:opacity-50"
                >
                  Yes, delete
                </button>
              </span>
            ) : (
              <button type="button" className="text-red-700 underline" onClick={() => setConfirmDelete(true)}>
                Delete model…
              </button>
            )
          ) : (
            <span className="text-slate-600">
              Provider models cannot be deleted: the next sync would bring them back.{' '}
              {row.status === 'active' && !row.pin && (
                <button type="button" className="underline" onClick={setInactive} disabled={working}>
                  Set inactive instead
                </button>
              )}
            </span>
          )}
        </div>
        <DialogActions label="Save" pendingLabel="Saving…" pending={save.pending} />
      </div>
    </form>
  );
}
