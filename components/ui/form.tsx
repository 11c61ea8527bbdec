'use client';
// Labelled form fields with inline errors, and the one way a dialog submits a form to a server action, shared by
// the edit, create and bulk-edit dialogs.
import {
  type FormEvent,
  type ReactNode,
  type RefObject,
  startTransition,
  useActionState,
  useEffect,
  useRef,
  useState,
} from 'react';

export const inputClass =
  'w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm aria-[invalid=true]:border-red-600 aria-[invalid=true]:outline-red-600 disabled:bg-slate-100';

/** What an input needs to be announced with its error and hint: `aria-invalid`, and `aria-describedby` naming both. */
export function fieldAria(id: string, errors?: string[], hint?: boolean) {
  const described = [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(' ');
  return { 'aria-invalid': Boolean(errors?.length), 'aria-describedby': described || undefined };
}

/** A field's error text, right under it; `id` is the field's, so `fieldAria` points at it. */
export function FieldError({
  id,
  errors,
  className = '',
}: {
  id: string;
  errors?: string[];
  className?: string;
}) {
  if (!errors?.length) return null;
  return (
    <p id={`${id}-error`} className={`text-xs text-red-700 ${className}`}>
      {errors.join(' ')}
    </p>
  );
}

export function Field({
  name,
  label,
  errors,
  hint,
  children,
}: {
  name: string;
  label: string;
  errors?: string[];
  hint?: ReactNode;
  children: (props: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
}) {
  const id = `field-${name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, name, ...fieldAria(id, errors, Boolean(hint)) })}
      <FieldError id={id} errors={errors} />
      {hint && (
        <div id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </div>
      )}
    </div>
  );
}

type Answer = { status: string; message: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * A form that submits to a server action and keeps what was typed when the action refuses it.
 *
 * React resets a form whose `action` prop ran, so every input would go back to its `defaultValue` — the saved
 * value — while the error for the typed one is shown beside it. This hook submits from `onSubmit` instead and never
 * resets: the inputs hold what the admin typed until the dialog closes (nothing is echoed back from the server).
 * After an `invalid` answer, focus moves to the first field marked invalid. `clear()` forgets the last answer, for a
 * dialog that is opened again.
 */
export function useActionForm<R extends Answer>(
  serverAction: (previous: R | null, input: FormData) => Promise<R>,
) {
  const [answer, dispatch, pending] = useActionState<R | null, FormData>(serverAction, null);
  const [cleared, setCleared] = useState<R | null>(null);
  const ref: RefObject<HTMLFormElement | null> = useRef<HTMLFormElement>(null);
  const state = answer === cleared ? null : answer;

  useEffect(() => {
    if (state?.status !== 'invalid') return;
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  const submit = (data: FormData) => startTransition(() => dispatch(data));
  return {
    /** The last answer (null before the first and after `clear`). */
    state,
    /** Each field's errors from the last `invalid` answer, by name. */
    errors: (state?.status === 'invalid' ? (state.fieldErrors ?? {}) : {}) as Record<
      string,
      string[] | undefined
    >,
    pending,
    /** Submit other data than the form's own (e.g. the form plus a "reset" field). */
    submit,
    clear: () => setCleared(answer),
    /** Spread on the <form>. */
    form: {
      ref,
      onSubmit: (event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        submit(new FormData(event.currentTarget));
      },
    },
  };
}

/** The form-level message of an action result: conflicts and errors as alerts, success as status. */
export function FormMessage({ state }: { state: { status: string; message: string } | null }) {
  if (!state || state.status === 'ok') return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      {state.message}
    </p>
  );
}
