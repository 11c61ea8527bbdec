'use client';
// "New group" and "Edit group": a group's rule (providers, id patterns, types, capabilities, deprecation) with its
// includes and excludes, and a live preview of what it holds among the offered models, so a rule that matches
// nothing, or everything, says so before it is saved. The checks are the registry's (lib/registry/access/edits.ts).
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { previewGroupAction, saveGroupAction } from '@/app/admin/access/actions';
import type { ActionResult } from '@/lib/auth/action';
import type { AccessOverview, GroupRow } from '@/lib/registry/access/overview';
import type { GroupPreview } from '@/lib/registry/access/rules';
import { DialogActions } from '../ui/dialog-actions';
import { DialogFrame, triggerClass } from '../ui/dialog-frame';
import { Field, FieldError, FormMessage, inputClass, useActionForm } from '../ui/form';
import { NameField, SlugField } from './name-slug-fields';

type Choices = AccessOverview['choices'];

function Checkboxes({
  name,
  legend,
  values,
  chosen,
  errors,
  hint,
}: {
  name: string;
  legend: string;
  values: readonly string[];
  chosen: readonly string[];
  errors?: string[];
  hint: string;
}) {
  const id = `field-${name}`;
  return (
    <fieldset className="space-y-1" aria-describedby={`${id}-hint`}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {values.map((value) => (
          <label key={value} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name={name} value={value} defaultChecked={chosen.includes(value)} />
            <span className="font-mono text-xs">{value}</span>
          </label>
        ))}
      </div>
      <FieldError id={id} errors={errors} />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
    </fieldset>
  );
}

type Previewed = ActionResult<GroupPreview | { problems: string[] }>;

function NotYet({ problems }: { problems: string[] }) {
  return (
    <div className="text-sm text-slate-600">
      <p>Not a rule yet:</p>
      <ul className="list-disc pl-5">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

function PreviewPanel({ answer, pending }: { answer: Previewed | null; pending: boolean }) {
  if (!answer) return <p className="text-sm text-slate-500">Checking the rule…</p>;
  if (answer.status === 'invalid') {
    const problems = Object.values(answer.fieldErrors).flat();
    return <NotYet problems={problems.length ? problems : [answer.message]} />;
  }
  if (answer.status !== 'ok') return <p className="text-sm text-slate-600">{answer.message}</p>;
  if ('problems' in answer.data) return <NotYet problems={answer.data.problems} />;
  const { members, offered, preview, warning } = answer.data;
  return (
    <div className={`space-y-1 text-sm ${pending ? 'opacity-60' : ''}`}>
      <p>
        <span className="font-medium">
          {members} of {offered} offered {offered === 1 ? 'model' : 'models'}
        </span>
        {preview.length > 0 && (
          <span className="break-words text-slate-600">
            : {preview.join(', ')}
            {members > preview.length && ` and ${members - preview.length} more`}
          </span>
        )}
      </p>
      {warning === 'nothing' && (
        <p role="status" className="rounded-md bg-amber-50 p-2 text-amber-900">
          The rule matches no offered model now: the group holds nothing until a sync adds a model it takes.
        </p>
      )}
      {warning === 'everything' && (
        <p role="status" className="rounded-md bg-amber-50 p-2 text-amber-900">
          The rule matches every offered model: the built-in group “all” already means that, and this one will
          also take every model a sync adds that it matches.
        </p>
      )}
    </div>
  );
}

export function GroupDialog({ group, choices }: { group?: GroupRow; choices: Choices }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const save = useActionForm<ActionResult<{ slug: string }>>(saveGroupAction);
  const preview = useActionForm<Previewed>(previewGroupAction);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { state, errors } = save;
  const match = group?.match;
  const mode = group ? 'change' : 'create';
  // A saved value outside today's choices (a capability no offered model has now, a provider no longer
  // configured) keeps its box: a save must never drop part of the rule unseen, widening the group.
  const withSaved = (values: readonly string[], saved: readonly string[] | undefined) => [
    ...values,
    ...(saved ?? []).filter((value) => !values.includes(value)),
  ];
  const providers = withSaved(choices.providers, match?.providers);
  const capabilities = withSaved(choices.capabilities, match?.capabilities);

  const refreshPreview = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const form = save.form.ref.current;
      if (form) preview.submit(new FormData(form));
    }, 300);
  };

  // The preview of the rule as it opens (an edited group's members, a new group's "nothing yet").
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the dialog opens
  useEffect(() => {
    if (open) refreshPreview();
  }, [open]);

  useEffect(() => {
    if (state?.status !== 'ok') return;
    toast.success(state.message);
    setOpen(false);
    router.refresh();
  }, [state, router]);

  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        save.clear();
        preview.clear();
      }}
      wide
      trigger={
        group ? (
          <button type="button" className={triggerClass}>
            Edit<span className="sr-only"> group {group.slug}</span>
          </button>
        ) : (
          <button type="button" className={triggerClass}>
            New group…
          </button>
        )
      }
      title={group ? `Edit group ${group.slug}` : 'New access group'}
      description={
        <p>
          A model is in the group when the rule takes it (every criterion you fill in must hold; any one of
          the values you tick is enough), or the includes name it — unless the excludes do. Only offered
          models are ever in a group.
        </p>
      }
    >
      <form {...save.form} onChange={refreshPreview} className="mt-4 space-y-4">
        <FormMessage state={state} />
        <input type="hidden" name="mode" value={mode} />
        <div className="grid gap-3 sm:grid-cols-2">
          <NameField value={group?.name} errors={errors.name} />
          <SlugField saved={group?.slug} errors={errors.slug} hint="How teams and keys name it" />
        </div>
        <Field name="description" label="Description (optional)" errors={errors.description}>
          {(p) => (
            <input
              {...p}
              maxLength={500}
              defaultValue={group?.description ?? ''}
              autoComplete="off"
              className={inputClass}
            />
          )}
        </Field>

        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3">
          <legend className="px-1 text-sm font-semibold">Rule</legend>
          <Checkboxes
            name="providers"
            legend="Providers"
            values={providers}
            chosen={match?.providers ?? []}
            errors={errors.providers}
            hint="None ticked: any provider."
          />
          <Field
            name="ids"
            label="Id patterns"
            errors={errors.ids}
            hint={
              <>
                One per line; * stands for any run of characters, like <code>openai/gpt-4*</code> or{' '}
                <code>*/embed*</code>. Empty: any id.
              </>
            }
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                defaultValue={(match?.ids ?? []).join('\n')}
                className={`${inputClass} font-mono`}
              />
            )}
          </Field>
          <Checkboxes
            name="types"
            legend="Types"
            values={choices.types}
            chosen={match?.types ?? []}
            errors={errors.types}
            hint="None ticked: any type."
          />
          {capabilities.length > 0 && (
            <Checkboxes
              name="capabilities"
              legend="Capabilities"
              values={capabilities}
              chosen={match?.capabilities ?? []}
              errors={errors.capabilities}
              hint="A model with any one of those ticked. None ticked: any capabilities."
            />
          )}
          <Field name="deprecated" label="Deprecation" errors={errors.deprecated}>
            {(p) => (
              <select
                {...p}
                defaultValue={
                  match?.deprecated === undefined ? 'any' : match.deprecated ? 'announced' : 'none'
                }
                className={inputClass}
              >
                <option value="any">Any</option>
                <option value="none">No deprecation announced</option>
                <option value="announced">Deprecation announced</option>
              </select>
            )}
          </Field>
        </fieldset>

        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            name="include"
            label="Also include"
            errors={errors.include}
            hint="Model ids, one per line: in the group whatever the rule says."
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                defaultValue={(group?.include ?? []).join('\n')}
                className={`${inputClass} font-mono`}
              />
            )}
          </Field>
          <Field
            name="exclude"
            label="Exclude"
            errors={errors.exclude}
            hint="Model ids, one per line: never in the group."
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                defaultValue={(group?.exclude ?? []).join('\n')}
                className={`${inputClass} font-mono`}
              />
            )}
          </Field>
        </div>

        {/* Kept in sight at the dialog's foot while the rule above scrolls: the preview answers each keystroke. */}
        <div className="sticky -bottom-6 -mx-6 space-y-3 border-t border-slate-200 bg-white px-6 pt-3 pb-6">
          <section
            aria-label="Preview"
            aria-live="polite"
            className="max-h-32 overflow-y-auto rounded-md bg-slate-50 p-3"
          >
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Preview</h3>
            <PreviewPanel answer={preview.state} pending={preview.pending} />
          </section>
          <DialogActions
            label={group ? 'Save group' : 'Create group'}
            pendingLabel="Saving…"
            pending={save.pending}
          />
        </div>
      </form>
    </DialogFrame>
  );
}
