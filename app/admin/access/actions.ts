'use server';

import { revalidatePath } from 'next/cache';
import { action, announceGatewayChanges, ok } from '@/lib/auth/action';
import { knownProviders, loadAccessDeclarations } from '@/lib/registry/access/declared';
import { deleteGroup, deleteTeam, groupPreview, saveGroup, saveTeam } from '@/lib/registry/access/edits';
import {
  groupFormSchema,
  groupRuleFormSchema,
  slugRefSchema,
  teamFormSchema,
} from '@/lib/registry/access/forms';
import {
  createKey,
  keyRefSchema,
  newKeyFormSchema,
  parseExpiry,
  revokeKey,
  rotateKey,
} from '@/lib/registry/access/keys';

// Every change here is an admin's: the actor is `admin:<email>` (lib/auth/action.ts). A new key's secret is
// returned once, in this answer only, for the dialog to show; it is never logged or stored in clear. Groups and
// teams saved here sit beside those ACCESS_PATH declares (read-only); the rules are lib/registry/access/edits.ts.

export const createKeyAction = action('admin', newKeyFormSchema, async (input, ctx) => {
  const { key, record } = await createKey(ctx.db, loadAccessDeclarations(), {
    name: input.name,
    kind: input.kind,
    team: input.kind === 'team' ? input.team : undefined,
    expiresAt: input.expires === 'never' ? null : parseExpiry(input.expires),
    actor: ctx.actor,
  });
  revalidatePath('/admin/access');
  return ok({ key, prefix: record.prefix, name: record.name }, `Created key ${record.prefix}.`);
});

export const revokeKeyAction = action('admin', keyRefSchema, async (input, ctx) => {
  const { record, alreadyRevoked } = await revokeKey(ctx.db, input.prefix, ctx.actor);
  revalidatePath('/admin/access');
  return ok(
    { prefix: record.prefix },
    alreadyRevoked ? `Key ${record.prefix} was already revoked.` : `Revoked key ${record.prefix}.`,
  );
});

export const rotateKeyAction = action('admin', keyRefSchema, async (input, ctx) => {
  const { key, record, replaced } = await rotateKey(ctx.db, input.prefix, ctx.actor);
  revalidatePath('/admin/access');
  return ok(
    { key, prefix: record.prefix, name: record.name },
    `Key ${replaced.prefix} is revoked; ${record.prefix} replaces it.`,
  );
});

/** What the group in the form would hold, as the admin types (slug and name may still be blank). */
export const previewGroupAction = action('admin', groupRuleFormSchema, async (input, ctx) => {
  const preview = await groupPreview(
    ctx.db,
    loadAccessDeclarations(),
    input.group,
    knownProviders(process.env),
  );
  return ok(
    preview,
    'problems' in preview ? 'Not a rule yet.' : `${preview.members} of ${preview.offered} offered models.`,
  );
});

export const saveGroupAction = action('admin', groupFormSchema, async (input, ctx) => {
  const { group, changed, grantedTo } = await saveGroup(ctx.db, loadAccessDeclarations(), input.group, {
    mode: input.mode,
    actor: ctx.actor,
    providerIds: knownProviders(process.env),
  });
  revalidatePath('/admin/access');
  if (changed) announceGatewayChanges(ctx); // a group's members are LiteLLM's access_groups
  const verb = input.mode === 'create' ? 'Created' : 'Saved';
  const granted = grantedTo.length
    ? ` ${grantedTo.join(', ')} already named it, and ${grantedTo.length === 1 ? 'sees' : 'see'} its models now.`
    : '';
  return ok(
    { slug: group.slug },
    changed ? `${verb} group ${group.slug}.${granted}` : `Group ${group.slug} already said exactly that.`,
  );
});

export const deleteGroupAction = action('admin', slugRefSchema, async (input, ctx) => {
  const { teams } = await deleteGroup(ctx.db, loadAccessDeclarations(), input.slug, ctx.actor);
  revalidatePath('/admin/access');
  announceGatewayChanges(ctx);
  return ok(
    { slug: input.slug },
    `Deleted group ${input.slug}${teams.length ? `; taken out of ${teams.join(', ')}` : ''}.`,
  );
});

export const saveTeamAction = action('admin', teamFormSchema, async (input, ctx) => {
  const { team, changed, keys } = await saveTeam(ctx.db, loadAccessDeclarations(), input.team, {
    mode: input.mode,
    actor: ctx.actor,
  });
  revalidatePath('/admin/access');
  const verb = input.mode === 'create' ? 'Created' : 'Saved';
  const existing = keys.length
    ? ` ${keys.length === 1 ? 'Its key' : `Its ${keys.length} keys`} from before (${keys.join(', ')}) ${keys.length === 1 ? 'sees' : 'see'} its models now.`
    : '';
  return ok(
    { slug: team.slug },
    changed ? `${verb} team ${team.slug}.${existing}` : `Team ${team.slug} already said exactly that.`,
  );
});

export const deleteTeamAction = action('admin', slugRefSchema, async (input, ctx) => {
  const { revoked } = await deleteTeam(ctx.db, loadAccessDeclarations(), input.slug, ctx.actor);
  revalidatePath('/admin/access');
  return ok(
    { slug: input.slug },
    `Deleted team ${input.slug}${revoked.length ? `; revoked ${revoked.length === 1 ? 'its key' : `its ${revoked.length} keys`} (${revoked.join(', ')})` : ''}.`,
  );
});
