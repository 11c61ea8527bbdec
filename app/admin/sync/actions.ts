'use server';

import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { z } from 'zod';
import { errorSummary } from '@/db/errors';
import { action, ok } from '@/lib/auth/action';
import { notifySync } from '@/lib/registry/automation/notify';
import { loadModelDefaults } from '@/lib/registry/config/operator-config';
import { providerIdSchema } from '@/lib/registry/model/fields';
import { providerSetup } from '@/lib/registry/providers/registry';
import type { SeedCounts } from '@/lib/registry/sync/plan';
import { syncProviders, syncTargets } from '@/lib/registry/sync/provider-sync';

/** One provider's part of a sync, as the Sync page shows it. */
export type ProviderSyncSummary = {
  provider: string;
  name: string;
  runId: string;
  /** Null when it failed: `error` says why, in the provider's own words. */
  source: string | null;
  counts: SeedCounts | null;
  warnings: string[];
  changes: string[];
  /** How many of the added models wait for an admin's review (lib/registry/config/review.ts). */
  awaitingReview: number;
  error: string | null;
};

export type SyncSummary = { dryRun: boolean; providers: ProviderSyncSummary[] };

/**
 * Preview (dry run) or apply a sync of every configured provider, or of one, through the same registry call as
 * models:seed. A provider that fails is reported beside the others, which still apply.
 */
export const syncAction = action(
  'admin',
  z.object({ apply: z.boolean(), provider: providerIdSchema.optional() }),
  async (input, ctx) => {
    const { config } = loadModelDefaults();
    const targets = syncTargets(providerSetup(process.env), {
      providers: input.provider ? [input.provider] : undefined,
    });
    const results = await syncProviders(ctx.db, targets, {
      trigger: 'ui',
      actor: ctx.actor,
      config,
      dryRun: !input.apply,
    });
    revalidatePath('/admin/sync');
    if (input.apply) {
      revalidatePath('/admin/models');
      // Delivered after the answer, in the background: a slow or absent receiver never holds the admin up.
      after(async () => {
        try {
          await notifySync(ctx.db, process.env, results, 'ui');
        } catch (error) {
          console.error('the sync notification could not be recorded', error);
        }
      });
    }
    const providers = results.map((result): ProviderSyncSummary => {
      const base = { provider: result.provider, name: result.name, runId: result.runId };
      if (result.report === null) {
        return {
          ...base,
          source: null,
          counts: null,
          warnings: [],
          changes: [],
          awaitingReview: 0,
          error: errorSummary(result.error),
        };
      }
      const { report } = result;
      const plan = report.plan;
      const changes = plan
        ? [
            // First: clients sending a moved alias silently get another model.
            ...plan.aliasMoves.map((m) => `⇄ ${m.alias}: ${m.from} → ${m.to} (alias moved)`),
            ...plan.adds.map(
              (a) =>
                `+ ${a.modelId} (${a.status.status}: ${a.status.reason}${a.awaitingReview ? '; awaits review' : ''})`,
            ),
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
      return {
        ...base,
        source: report.source,
        counts: report.counts,
        warnings: report.warnings,
        changes: changes.slice(0, 200),
        awaitingReview: plan?.adds.filter((a) => a.awaitingReview).length ?? 0,
        error: null,
      };
    });
    // A toast is read at a glance: each provider's non-zero counts (the panel lists the changes themselves).
    const brief = (p: ProviderSyncSummary) => {
      if (p.counts === null) return `${p.name}: failed`;
      const counts = p.counts;
      const said = (['added', 'updated', 'statusChanged', 'retired', 'restored'] as const)
        .filter((key) => counts[key] > 0)
        .map((key) => `${counts[key]} ${key === 'statusChanged' ? 'status changed' : key}`);
      return `${p.name}: ${said.length > 0 ? said.join(', ') : 'no changes'}`;
    };
    const message = `${input.apply ? 'Sync applied' : 'Preview'}: ${providers.map(brief).join('; ')}.`;
    return ok({ dryRun: !input.apply, providers } satisfies SyncSummary, message);
  },
);
