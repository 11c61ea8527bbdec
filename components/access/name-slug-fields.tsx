'use client';
// The name and slug every group and team form starts with: a new one's slug is typed once (how teams, keys and
// ?team= name it), a saved one's is shown and sent as it is (a slug never changes).
import { Field, inputClass } from '../ui/form';

export function NameField({ value, errors }: { value?: string; errors?: string[] }) {
  return (
    <Field name="name" label="Name" errors={errors}>
      {(p) => (
        <input
          {...p}
          required
          maxLength={100}
          defaultValue={value}
          autoComplete="off"
          className={inputClass}
        />
      )}
    </Field>
  );
}

export function SlugField({ saved, errors, hint }: { saved?: string; errors?: string[]; hint: string }) {
  if (saved) {
    return (
      <div className="space-y-1">
        <p className="text-sm font-medium">Slug</p>
        <p className="py-1.5 font-mono text-sm">{saved}</p>
        <input type="hidden" name="slug" value={saved} />
      </div>
    );
  }
  return (
    <Field name="slug" label="Slug" errors={errors} hint={`${hint}: lower-case letters, digits and -.`}>
      {(p) => (
        <input
          {...p}
          required
          maxLength={63}
          pattern="[a-z0-9][a-z0-9\-]{0,62}"
          autoComplete="off"
          className={`${inputClass} font-mono`}
        />
      )}
    </Field>
  );
}
