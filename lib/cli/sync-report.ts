// How models:seed, models:deploy and npm run dev report a sync of several providers: one block (or one JSON
// object) per provider, failures in the provider's own words, and one exit code for the whole.
import type { Executor } from '../../db/client';
import type { SeedTrigger, WebhookDelivery } from '../../db/schema';
import { gatewaysNotCompared, notifyGatewayChanges } from '../registry/automation/notify';
import type { SeedCounts } from '../registry/sync/plan';
import type { ProviderSyncResult } from '../registry/sync/provider-sync';
import { type CommandContext, describeError, EXIT } from './command';
import { formatSeedReport } from './format-plan';

type ProviderOutcomeJson = SeedCounts & {
  provider: string;
  /** `applied` / `skipped` / `failed` for a seed; a deploy says `seeded` for `applied`. */
  outcome: string;
  runId: string;
  source: string | null;
  existingModels: number | null;
  warnings: string[];
  /** Aliases that now serve another dated model (lifecycle/alias-drift.ts): their users silently get a different model. */
  aliasMoves: { alias: string; from: string; to: string }[];
  /** Models this sync added that wait for an admin's review (config/review.ts); a dry run names those it would queue. */
  awaitingReview: string[];
  error: { kind: string; message: string } | null;
};

const NONE: SeedCounts = { added: 0, updated: 0, statusChanged: 0, retired: 0, restored: 0, unchanged: 0 };

function providerOutcomeJson(
  result: ProviderSyncResult,
  options: { deploy?: boolean } = {},
): ProviderOutcomeJson {
  const base = { provider: result.provider, runId: result.runId };
  if (result.report === null) {
    const { kind, message } = describeError(result.error);
    return {
      ...base,
      outcome: 'failed',
      source: null,
      existingModels: null,
      ...NONE,
      warnings: [],
      aliasMoves: [],
      awaitingReview: [],
      error: { kind, message },
    };
  }
  const r = result.report;
  return {
    ...base,
    outcome: options.deploy && r.outcome === 'applied' ? 'seeded' : r.outcome,
    source: r.source,
    existingModels: r.existingModels,
    ...r.counts,
    warnings: r.warnings,
    aliasMoves: (r.plan?.aliasMoves ?? []).map(({ alias, from, to }) => ({ alias, from, to })),
    awaitingReview: (r.plan?.adds ?? []).filter((a) => a.awaitingReview).map((a) => a.modelId),
    error: null,
  };
}

/**
 * Prints the results: warnings and failures on stderr (each failure in its own words, named by provider when
 * there are several), the reports on stdout, `json` extended with `providers` and `ok` under --json.
 */
export function printSyncResults(
  ctx: CommandContext,
  results: readonly ProviderSyncResult[],
  options: { deploy?: boolean; detailed?: boolean; lead?: string; json?: Record<string, unknown> } = {},
): void {
  const several = results.length > 1;
  const named = (provider: string, text: string) => (several ? `${provider}: ${text}` : text);
  const blocks: string[] = [];
  for (const result of results) {
    if (result.report === null) {
      ctx.problem(named(result.provider, describeError(result.error).message));
      blocks.push(named(result.provider, 'failed; nothing was written.'));
      continue;
    }
    for (const warning of result.report.warnings) ctx.warn(named(result.provider, warning));
    blocks.push(
      named(
        result.provider,
        formatSeedReport(result.report, { detailed: options.detailed ?? result.report.dryRun }),
      ),
    );
  }
  const text = [options.lead, blocks.join(several ? '\n\n' : '\n')].filter(Boolean).join(' ');
  ctx.print(text, {
    ...options.json,
    ok: results.every((r) => r.error === null),
    providers: results.map((r) => providerOutcomeJson(r, options)),
  });
}

/** 0 when every provider succeeded; 2 when any failed on the database, 1 when any failed otherwise. */
export function syncExitCode(results: readonly ProviderSyncResult[], unexpectedExitCode?: number): number {
  const codes = results
    .filter((r) => r.error !== null)
    .map((r) => describeError(r.error, unexpectedExitCode).code);
  if (codes.length === 0) return EXIT.ok;
  if (codes.includes(EXIT.database)) return EXIT.database;
  if (codes.includes(EXIT.problem)) return EXIT.problem;
  return codes[0] ?? EXIT.problem;
}

/** One line per provider, for a start-up log: what its deploy gate did, or why it failed. */
export function summarizeSyncResults(results: readonly ProviderSyncResult[]): string[] {
  return results.map((result) =>
    result.report === null
      ? `${result.provider}: failed, nothing written: ${describeError(result.error).message}`
      : `${result.provider}: ${formatSeedReport(result.report, { detailed: false }).split('\n')[0]}`,
  );
}

/** A delivery's outcome for people: nothing when delivered (or nothing was sent), a warning when it failed. */
export function reportDelivery(
  ctx: CommandContext,
  delivery: WebhookDelivery | null,
  unaffected = 'The sync itself is not affected.',
): void {
  if (!delivery) return;
  // The gateways' configs could not be read: the delivery says so, and so does the command.
  const notCompared = gatewaysNotCompared(delivery);
  if (notCompared) ctx.warn(`${notCompared}; the delivery says so.`);
  if (delivery.outcome === 'delivered') ctx.progress(`Notified ${delivery.url} (delivery ${delivery.id}).`);
  else {
    ctx.warn(
      `the notification to ${delivery.url} was not delivered after ${delivery.attempts} attempt(s): ${delivery.lastError}; ` +
        `delivery ${delivery.id} is listed on the Sync page. ${unaffected}`,
    );
  }
}

/**
 * After a command's change is written: the webhook told which gateway configs it altered. Whatever goes wrong
 * here (a receiver that is down, a database that fails now) is a warning: the change itself stands.
 */
export async function announceChange(
  ctx: CommandContext,
  db: Executor,
  by: { trigger: SeedTrigger; actor: string },
): Promise<void> {
  try {
    reportDelivery(ctx, await notifyGatewayChanges(db, process.env, by), 'The change itself stands.');
  } catch (error) {
    ctx.warn(
      `the change is written, but the webhook could not be told which gateway configs it changed: ${describeError(error).message}. The next sync or change tells it.`,
    );
  }
}
