'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action, ok } from '@/lib/auth/action';
import { applyBulkStatus, MAX_SELECTED_IDS, previewBulkStatus } from '@/lib/registry/bulk';
import { loadModelDefaults } from '@/lib/registry/config';
import { modelFilterSchema } from '@/lib/registry/queries';

const status = z.enum(['active', 'inactive'], { error: 'Choose active or inactive.' });
const ids = z
  .array(z.coerce.number().int().positive())
  .min(1, 'Select at least one model.')
  .max(MAX_SELECTED_IDS, `Select at most ${MAX_SELECTED_IDS} models, or use "all matching the filter".`);
const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ids'), ids }),
  z.object({
    kind: z.literal('filter'),
    filter: modelFilterSchema.omit({ sort: true, dir: true, page: true, perPage: true }),
  }),
]);

/** The quick toggle of one row. A pinned model is refused, with the pin named. */
export const setStatusAction = action(
  'admin',
  z.object({ id: z.coerce.number().int().positive(), status }),
  async (input, ctx) => {
    const { config } = loadModelDefaults();
    const result = await applyBulkStatus(ctx.db, config, {
      target: { kind: 'ids', ids: [input.id] },
      status: input.status,
      actor: ctx.actor,
    });
    if (result.pinnedSkipped > 0) {
      return {
        status: 'invalid',
        message: 'This model is pinned by config; the UI cannot change it.',
        fieldErrors: {},
      };
    }
    revalidatePath('/admin/models');
    return ok(result, result.changed ? `Set to ${input.status}.` : `Already ${input.status}.`);
  },
);

export const previewBulkAction = action('admin', z.object({ target, status }), async (input, ctx) => {
  const { config } = loadModelDefaults();
  return ok(await previewBulkStatus(ctx.db, config, input.target, input.status), 'Preview ready.');
});

export const applyBulkAction = action('admin', z.object({ target, status }), async (input, ctx) => {
  const { config } = loadModelDefaults();
  const result = await applyBulkStatus(ctx.db, config, {
    target: input.target,
    status: input.status,
    actor: ctx.actor,
  });
  revalidatePath('/admin/models');
  revalidatePath('/');
  return ok(
    result,
    `${result.changed} set to ${input.status}; ${result.alreadySo} already ${input.status}; ${result.pinnedSkipped} pinned skipped.`,
  );
});
