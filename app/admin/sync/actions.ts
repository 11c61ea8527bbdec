'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { action, ok } from '@/lib/auth/action';
import { loadModelDefaults } from '@/lib/registry/config';
import { defaultCatalogSource, loadCatalog } from '@/lib/registry/providers';
import { runSeed } from '@/lib/registry/seed/run';

export type SyncSummary = {
  runId: string;
  dryRun: boolean;
  source: string;
  counts: {
    added: number;
    updated: number;
    statusChanged: number;
    retired: number;
    restored: number;
    unchanged: number;
  };
  warnings: string[];
  changes: string[];
};

/** Preview (dry run) or apply a sync from the provider, through the same registry call as models:seed. */
export const syncAction = action('admin', z.object({ apply: z.boolean() }), async (input, ctx) => {
  const { config } = loadModelDefaults();
  const source = defaultCatalogSource(process.env);
  const report = await runSeed(ctx.db, {
    trigger: 'ui',
    actor: ctx.actor,
    config,
    sourceLabel: source,
    dryRun: !input.apply,
    loadCatalog: () => loadCatalog({ source, env: process.env }),
  });
  revalidatePath('/admin/sync');
  if (input.apply) revalidatePath('/admin/models');
  const plan = report.plan;
  const changes = plan
    ? [
        ...plan.adds.map((a) => `+ ${a.modelId} (${a.status.status}: ${a.status.reason})`),
        ...plan.updates.flatMap((u) => [
          ...(u.status
            ? [
                `~ ${u.modelId}: ${u.status.before.status} → ${u.status.after.status} (${u.status.after.reason})`,
              ]
            : []),
          ...u.fieldChanges.map(
            (f) =>
              `~ ${u.modelId}: ${f.field} changes${f.scope === 'provider' ? ' (provider value; overridden here)' : ''}`,
          ),
          ...(u.restore ? [`↺ ${u.modelId}: restored`] : []),
        ]),
        ...plan.retirements.map((r) => `- ${r.modelId}: retired (no longer listed)`),
      ]
    : [];
  const summary: SyncSummary = {
    runId: report.runId,
    dryRun: report.dryRun,
    source: report.source,
    counts: report.counts,
    warnings: report.warnings,
    changes: changes.slice(0, 200),
  };
  return ok(summary, input.apply ? `Sync applied: ${report.detail}.` : `Preview: ${report.detail}.`);
});
