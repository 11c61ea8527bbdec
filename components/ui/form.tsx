'use client';
// Labelled form fields with inline errors, shared by the edit and create dialogs.
import type { ReactNode } from 'react';

export const inputClass =
  'w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm aria-[invalid=true]:border-red-600 disabled:bg-slate-100';

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
  const described = [errors?.length ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({
        id,
        name,
        'aria-invalid': Boolean(errors?.length),
        'aria-describedby': described || undefined,
      })}
      {hint && (
        <div id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </div>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-xs text-red-700">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
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
