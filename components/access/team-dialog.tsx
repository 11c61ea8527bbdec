'use client';
// "New team" and "Edit team": a name, a slug and the groups it is granted (each with its member count). A team's
// models are the offered models in any of its groups; its keys see those.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { saveTeamAction } from '@/app/admin/access/actions';
import type { ActionResult } from '@/lib/auth/action';
import type { GroupRow, TeamRow } from '@/lib/registry/access/overview';
import { DialogActions } from '../ui/dialog-actions';
import { DialogFrame, triggerClass } from '../ui/dialog-frame';
import { FieldError, FormMessage, useActionForm } from '../ui/form';
import { NameField, SlugField } from './name-slug-fields';

export function TeamDialog({
  team,
  groups,
}: {
  team?: TeamRow;
  groups: Pick<GroupRow, 'slug' | 'name' | 'members'>[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const save = useActionForm<ActionResult<{ slug: string }>>(saveTeamAction);
  const { state, errors } = save;

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
      }}
      trigger={
        team ? (
          <button type="button" className={triggerClass}>
            Edit<span className="sr-only"> team {team.slug}</span>
          </button>
        ) : (
          <button type="button" className={triggerClass}>
            New team…
          </button>
        )
      }
      title={team ? `Edit team ${team.slug}` : 'New team'}
      description={
        <p>A team may use the offered models in any of its groups; its API keys see exactly those.</p>
      }
    >
      <form {...save.form} className="mt-4 space-y-3">
        <FormMessage state={state} />
        <input type="hidden" name="mode" value={team ? 'change' : 'create'} />
        <NameField value={team?.name} errors={errors.name} />
        <SlugField saved={team?.slug} errors={errors.slug} hint="How keys and ?team= name it" />
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Groups</legend>
          <ul className="max-h-64 space-y-1 overflow-y-auto">
            {groups.map((group) => (
              <li key={group.slug}>
                <label className="flex items-baseline gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="groups"
                    value={group.slug}
                    defaultChecked={team?.groups.includes(group.slug)}
                  />
                  <span>
                    {group.name} <span className="font-mono text-xs text-slate-500">{group.slug}</span>{' '}
                    <span className="text-xs text-slate-500">
                      ({group.members} {group.members === 1 ? 'model' : 'models'})
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <FieldError id="field-groups" errors={errors.groups} />
        </fieldset>
        <div className="border-t border-slate-100 pt-4">
          <DialogActions
            label={team ? 'Save team' : 'Create team'}
            pendingLabel="Saving…"
            pending={save.pending}
          />
        </div>
      </form>
    </DialogFrame>
  );
}
