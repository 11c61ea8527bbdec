'use client';
// The two roles as radio buttons, each saying what it may do.
import { FieldError } from '../ui/form';

const ROLES = [
  { value: 'viewer', label: 'Viewer', hint: 'reads the dashboard and the audit log' },
  { value: 'admin', label: 'Admin', hint: 'also changes models, runs syncs and manages accounts' },
] as const;

export function RoleChoice({ defaultRole, errors }: { defaultRole: string; errors?: string[] }) {
  return (
    <fieldset className="space-y-1.5" aria-describedby={errors?.length ? 'field-role-error' : undefined}>
      <legend className="text-sm font-medium">Role</legend>
      {ROLES.map((role) => (
        <label key={role.value} className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="role"
            value={role.value}
            defaultChecked={role.value === defaultRole}
            className="mt-1"
          />
          <span>
            <span className="font-medium">{role.label}</span>
            <span className="text-slate-600"> — {role.hint}</span>
          </span>
        </label>
      ))}
      <FieldError id="field-role" errors={errors} />
    </fieldset>
  );
}
