'use server';

import { revalidatePath } from 'next/cache';
import { action, ok } from '@/lib/auth/action';
import { loadAccessDeclarations } from '@/lib/registry/access/declared';
import {
  createKey,
  keyRefSchema,
  newKeyFormSchema,
  parseExpiry,
  revokeKey,
  rotateKey,
} from '@/lib/registry/access/keys';

// Every change here is an admin's: the actor is `admin:<email>` (lib/auth/action.ts). A new key's secret is
// returned once, in this answer only, for the dialog to show; it is never logged or stored in clear.

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
