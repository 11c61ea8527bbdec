'use client';
// "Create key": a name, a team (or the platform) and a lifetime; then the secret, once, with a copy button.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { createKeyAction } from '@/app/admin/access/actions';
import type { ActionResult } from '@/lib/auth/action';
import { KEY_LIFETIMES } from '@/lib/registry/access/key-lifetimes';
import { DialogActions } from '../ui/dialog-actions';
import { DialogFrame } from '../ui/dialog-frame';
import { Field, FormMessage, inputClass, useActionForm } from '../ui/form';
import { OneTimeKey } from './one-time-key';

type Created = ActionResult<{ key: string; prefix: string; name: string }>;

export function CreateKeyDialog({ teams }: { teams: { slug: string; name: string }[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<'team' | 'platform'>(teams.length ? 'team' : 'platform');
  const create = useActionForm<Created>(createKeyAction);
  const { state, errors } = create;
  const created = state?.status === 'ok' ? state.data : null;

  useEffect(() => {
    if (created) router.refresh();
  }, [created, router]);

  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        create.clear(); // the secret goes with the dialog
      }}
      trigger={
        <button
          type="button"
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-800"
        >
          Create key…
        </button>
      }
      title={created ? `Created key ${created.prefix}` : 'Create an API key'}
      description={
        created ? (
          <p>Give it to the service that reads the model list. It is stored only as a hash.</p>
        ) : (
          <p>
            A team key sees its team's models; a platform key sees every offered model and may ask for one
            team's view with <code className="font-mono">?team=SLUG</code>.
          </p>
        )
      }
    >
      {created ? (
        <OneTimeKey name={created.name} secret={created.key} />
      ) : (
        <form {...create.form} className="mt-4 space-y-3">
          <FormMessage state={state} />
          <Field
            name="name"
            label="Name"
            errors={errors.name}
            hint="Who or what uses it: a service, a team's app."
          >
            {(p) => <input {...p} required maxLength={100} autoComplete="off" className={inputClass} />}
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">Sees</legend>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value="team"
                checked={kind === 'team'}
                disabled={teams.length === 0}
                onChange={() => setKind('team')}
              />
              One team's models
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="kind"
                value="platform"
                checked={kind === 'platform'}
                onChange={() => setKind('platform')}
              />
              Every offered model (platform key)
            </label>
          </fieldset>
          {kind === 'team' && (
            <Field name="team" label="Team" errors={errors.team}>
              {(p) => (
                <select {...p} className={inputClass} defaultValue={teams[0]?.slug}>
                  {teams.map((team) => (
                    <option key={team.slug} value={team.slug}>
                      {team.name} ({team.slug})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field name="expires" label="Expires" errors={errors.expires}>
            {(p) => (
              <select {...p} className={inputClass} defaultValue={KEY_LIFETIMES[0].value}>
                {KEY_LIFETIMES.map((lifetime) => (
                  <option key={lifetime.value} value={lifetime.value}>
                    {lifetime.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="border-t border-slate-100 pt-4">
            <DialogActions label="Create key" pendingLabel="Creating…" pending={create.pending} />
          </div>
        </form>
      )}
    </DialogFrame>
  );
}
