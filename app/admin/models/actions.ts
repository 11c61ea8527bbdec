'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { type ActionContext, action, announceGatewayChanges, ok } from '@/lib/auth/action';
import { describeChangedFields } from '@/lib/registry/audit/labels';
import {
  applyBulkEdit,
  bulkChangesSchema,
  MAX_SELECTED_IDS,
  previewBulkEdit,
} from '@/lib/registry/changes/bulk-edit';
import { describeBulkResult, describeUndoResult } from '@/lib/registry/changes/bulk-words';
import {
  createManualModel,
  deleteManualModel,
  deleteModelSchema,
  manualModelSchema,
} from '@/lib/registry/changes/manual-models';
import { modelEditSchema, updateModel } from '@/lib/registry/changes/model-edit';
import { undoBulkEdit, undoBulkSchema } from '@/lib/registry/changes/undo';
import { loadModelDefaults } from '@/lib/registry/config/operator-config';
import { moveDefaultToReplacement } from '@/lib/registry/lifecycle/deprecation';
import { rowNumberSchema } from '@/lib/registry/model/fields';
import { editableModel } from '@/lib/registry/reads/model-editor';
import { modelsPageAccess, modelWriteFilterSchema } from '@/lib/registry/reads/models-page';

const status = z.enum(['active', 'inactive'], { error: 'Choose active or inactive.' });
const ids = z
  .array(rowNumberSchema)
  .min(1, 'Select at least one model.')
  .max(MAX_SELECTED_IDS, `Select at most ${MAX_SELECTED_IDS} models, or use "all matching the filter".`);
const target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ids'), ids }),
  z.object({
    kind: z.literal('filter'),
    filter: modelWriteFilterSchema,
  }),
]);
const bulk = z.object({ target, changes: bulkChangesSchema });

/** After a write: the pages that show models, and the gateways' configs (announced to the webhook). */
function modelsChanged(ctx: ActionContext) {
  revalidatePath('/admin/models', 'layout');
  revalidatePath('/');
  announceGatewayChanges(ctx);
}

/** The quick toggle of one row. A pinned model is refused, with the pin named. */
export const setStatusAction = action(
  'admin',
  z.object({ id: rowNumberSchema, status }),
  async (input, ctx) => {
    const { config } = loadModelDefaults();
    const result = await applyBulkEdit(ctx.db, config, {
      target: { kind: 'ids', ids: [input.id] },
      changes: { status: input.status },
      actor: ctx.actor,
    });
    if (result.pinnedSkipped > 0) {
      return {
        status: 'invalid',
        message: 'This model is pinned by config; the UI cannot change it.',
        fieldErrors: {},
      };
    }
    if (result.changed > 0) modelsChanged(ctx);
    return ok(result, result.changed ? `Set to ${input.status}.` : `Already ${input.status}.`);
  },
);

/**
 * The teams and groups the "Usable by" filter offers, read when the filters mount (the page sends only their key):
 * a read every signed-in person may make, as the page itself.
 */
export const loadAccessChoicesAction = action(
  'viewer',
  z.strictObject({}, { error: 'This read takes no input.' }),
  async (_input, ctx) => {
    const { choicesKey, teams, groups } = await modelsPageAccess(ctx.db, {});
    return ok({ key: choicesKey, teams, groups }, 'Loaded.');
  },
);

/** What the edit dialog shows, read when it opens (the page's rows carry only what they show). */
export const loadEditableModelAction = action(
  'admin',
  z.object({ id: rowNumberSchema }),
  async (input, ctx) => {
    const model = await editableModel(ctx.db, loadModelDefaults().config, input.id);
    if (!model)
      return {
        status: 'conflict',
        message: 'This model no longer exists: it was deleted since the page loaded.',
      };
    return ok(model, 'Loaded.');
  },
);

export const previewBulkAction = action('admin', bulk, async (input, ctx) => {
  const { config } = loadModelDefaults();
  return ok(await previewBulkEdit(ctx.db, config, input.target, input.changes), 'Preview ready.');
});

export const applyBulkAction = action('admin', bulk, async (input, ctx) => {
  const { config } = loadModelDefaults();
  const result = await applyBulkEdit(ctx.db, config, { ...input, actor: ctx.actor });
  modelsChanged(ctx);
  return ok(result, describeBulkResult(result, input.changes));
});

/** "Undo" after a bulk edit: the models it changed put back, unless changed since (changes/undo.ts). */
export const undoBulkAction = action('admin', undoBulkSchema, async (input, ctx) => {
  const { config } = loadModelDefaults();
  const result = await undoBulkEdit(ctx.db, config, { ...input, actor: ctx.actor });
  modelsChanged(ctx);
  return ok(result, describeUndoResult(result));
});

/** The edit dialog. A stale version is a conflict naming who saved first; nothing is overwritten. */
export const updateModelAction = action('admin', modelEditSchema, async (input, ctx) => {
  const { config } = loadModelDefaults();
  const result = await updateModel(ctx.db, config, input, ctx.actor);
  modelsChanged(ctx);
  return ok(result, describeChangedFields(result.changed));
});

export const createModelAction = action('admin', manualModelSchema, async (input, ctx) => {
  const { config } = loadModelDefaults();
  const created = await createManualModel(ctx.db, config, input, ctx.actor);
  modelsChanged(ctx);
  return ok(created, `Created ${input.provider}/${input.modelId}.`);
});

export const deleteModelAction = action('admin', deleteModelSchema, async (input, ctx) => {
  const deleted = await deleteManualModel(ctx.db, input, ctx.actor);
  modelsChanged(ctx);
  return ok(deleted, `Deleted ${deleted.modelId}.`);
});

/** "Make <replacement> the default": a deprecated default hands its type's default to its offered replacement. */
export const moveDefaultToReplacementAction = action(
  'admin',
  z.object({ id: rowNumberSchema, version: rowNumberSchema }),
  async (input, ctx) => {
    const { config } = loadModelDefaults();
    const moved = await moveDefaultToReplacement(ctx.db, config, input, ctx.actor);
    modelsChanged(ctx);
    return ok(moved, `${moved.to} is now the default ${moved.type} model, in place of ${moved.from}.`);
  },
);
