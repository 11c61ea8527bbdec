// Seed and deploy: fetch a catalog, plan against the registry under the seed lock, apply in one transaction,
// and log every run (applied, skipped or failed) in seed_runs.
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client';
import { errorSummary } from '../../../db/errors';
import { models, type SeedOutcome, type SeedTrigger, seedRuns } from '../../../db/schema';
import { insertEvents } from '../audit/events';
import { pinCandidates } from '../config/pins';
import { catalogPricer } from '../lifecycle/price-catalog';
import { lockSeeds } from '../locks';
import { existingModelColumns } from '../model/row';
import type { CatalogSource, ModelDefaults, ProviderCatalog } from '../types';
import { applySeedPlan } from './apply';
import { computeSeedPlan, type SeedCounts, type SeedPlan } from './plan';
import { refreshStatistics } from './statistics';

const ZERO_COUNTS: SeedCounts = {
  added: 0,
  updated: 0,
  statusChanged: 0,
  retired: 0,
  restored: 0,
  unchanged: 0,
};

/** The longest error a seed_runs row keeps: enough for a person, never a dump. */
const MAX_STORED_ERROR = 1000;

function describeSource(source: CatalogSource): string {
  return source.kind === 'file' ? `file:${source.path}` : source.kind;
}

export type SeedOptions = {
  trigger: SeedTrigger;
  /** Who asked: `cli`, `deploy`, `admin:<email>`. Events use `seed` / `config` as their actor. */
  actor: string;
  config: ModelDefaults;
  /** Fetches the catalog; called before any lock is taken, so a slow provider never holds the registry. */
  loadCatalog: () => Promise<ProviderCatalog>;
  /** Label of the source for the log when loading fails before the catalog says where it came from. */
  sourceLabel: string;
  provider?: string;
  /** How the provider is named and reached, kept in the providers table when its first models are written. */
  providerInfo?: { displayName: string; apiBaseUrl: string };
  /** The seed_runs id to use (a caller that reports failures by run names it first). */
  runId?: string;
  dryRun?: boolean;
  allowMassRetire?: boolean;
  now?: () => Date;
  onProgress?: (message: string) => void;
};

export type SeedReport = {
  runId: string;
  dryRun: boolean;
  provider: string;
  source: string;
  outcome: SeedOutcome;
  counts: SeedCounts;
  warnings: string[];
  plan: SeedPlan | null;
  /** For deploy gates that skipped: how many models existed. */
  existingModels: number | null;
  detail: string;
};

type RunRecord = {
  id: string;
  trigger: SeedTrigger;
  provider: string;
  source: string;
  dryRun: boolean;
  outcome: SeedOutcome;
  detail: string;
  counts: SeedCounts;
  warnings: string[];
  existingModels: number | null;
  error: string | null;
  actor: string;
  startedAt: Date;
};

async function recordRun(db: Executor, run: RunRecord): Promise<void> {
  const finishedAt = new Date();
  await db.insert(seedRuns).values({
    id: run.id,
    trigger: run.trigger,
    provider: run.provider,
    source: run.source,
    dryRun: run.dryRun,
    outcome: run.outcome,
    detail: run.detail,
    ...run.counts,
    existingModels: run.existingModels,
    warnings: run.warnings,
    error: run.error,
    actor: run.actor,
    startedAt: run.startedAt,
    finishedAt,
    durationMs: Math.max(0, finishedAt.getTime() - run.startedAt.getTime()),
  });
}

/**
 * Records a failed run in its own short transaction (the run's own transaction has rolled back). If even that
 * fails (the database is the problem), the original error is what the caller reports.
 */
async function recordFailure(
  db: Database,
  run: Omit<RunRecord, 'outcome' | 'counts' | 'detail' | 'error'>,
  error: unknown,
) {
  try {
    await recordRun(db, {
      ...run,
      outcome: 'failed',
      counts: ZERO_COUNTS,
      detail: 'nothing was written',
      // Bounded, in the driver's words for a database error (never the SQL or its parameters), URLs redacted.
      error: errorSummary(error, MAX_STORED_ERROR),
    });
  } catch {
    // The database itself failed; the caller reports the original error, which says why.
  }
}

function summarize(counts: SeedCounts): string {
  return `${counts.added} added, ${counts.updated} updated, ${counts.statusChanged} status changed, ${counts.retired} retired, ${counts.restored} restored, ${counts.unchanged} unchanged`;
}

/** Every model of one provider, retired and manual ones included. Throws on any database problem: never "none". */
async function countProviderModels(db: Executor, provider: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(models).where(eq(models.provider, provider));
  return Number(row?.n ?? 0);
}

function gateDetail(provider: string, existing: number): string {
  return `${existing} ${provider} models exist; a deploy seeds only a provider that has none`;
}

/**
 * One provider's seed. `onlyIfEmpty` (the deploy gate): under the seed lock, count the provider's models and seed
 * only if there are none, recording `skipped` (with the count) otherwise.
 */
export async function runSeed(
  db: Database,
  options: SeedOptions & { onlyIfEmpty?: boolean },
): Promise<SeedReport> {
  const now = options.now ?? (() => new Date());
  const provider = options.provider ?? 'mistral';
  const runId = options.runId ?? randomUUID();
  const startedAt = now();
  const dryRun = options.dryRun ?? false;
  const base = { id: runId, trigger: options.trigger, provider, dryRun, actor: options.actor, startedAt };

  let catalog: ProviderCatalog;
  try {
    options.onProgress?.(`Fetching the ${provider} catalog (${options.sourceLabel})…`);
    catalog = await options.loadCatalog();
  } catch (error) {
    await recordFailure(
      db,
      { ...base, source: options.sourceLabel, warnings: [], existingModels: null },
      error,
    );
    throw error;
  }
  const source = describeSource(catalog.source);
  options.onProgress?.(`Planning against ${catalog.cards.length} ${provider} cards…`);

  let result: SeedReport;
  try {
    result = await db.transaction(async (tx) => {
      await lockSeeds(tx);
      if (options.onlyIfEmpty) {
        const existing = await countProviderModels(tx, provider);
        if (existing > 0) {
          const detail = gateDetail(provider, existing);
          await recordRun(tx, {
            ...base,
            source,
            outcome: 'skipped',
            detail,
            counts: ZERO_COUNTS,
            warnings: catalog.warnings,
            existingModels: existing,
            error: null,
          });
          return report('skipped', ZERO_COUNTS, catalog.warnings, null, existing, detail);
        }
      }
      const existing = await tx
        .select(existingModelColumns)
        .from(models)
        .where(eq(models.provider, provider))
        .for('update');
      const plan = computeSeedPlan({
        provider,
        cards: catalog.cards,
        existing,
        others: await pinCandidates(tx, { except: provider }),
        config: options.config,
        now: startedAt,
        allowMassRetire: options.allowMassRetire,
        priceCatalog: catalogPricer(),
      });
      const warnings = [...catalog.warnings, ...plan.warnings];
      if (dryRun) {
        const detail = `dry run, nothing written: would be ${summarize(plan.counts)}`;
        await recordRun(tx, {
          ...base,
          source,
          outcome: 'skipped',
          detail,
          counts: plan.counts,
          warnings,
          existingModels: null,
          error: null,
        });
        return report('skipped', plan.counts, warnings, plan, null, detail);
      }
      options.onProgress?.(`Applying: ${summarize(plan.counts)}…`);
      const events = await applySeedPlan(tx, plan, runId, startedAt, options.providerInfo);
      const detail = summarize(plan.counts);
      await recordRun(tx, {
        ...base,
        source,
        outcome: 'applied',
        detail,
        counts: plan.counts,
        warnings,
        existingModels: null,
        error: null,
      });
      await insertEvents(tx, events);
      return report('applied', plan.counts, warnings, plan, null, detail);
    });
  } catch (error) {
    await recordFailure(db, { ...base, source, warnings: catalog.warnings, existingModels: null }, error);
    throw error;
  }
  if (result.outcome === 'applied') {
    const { added, retired, restored } = result.counts;
    await refreshStatistics(db, added + retired + restored);
  }
  return result;

  function report(
    outcome: SeedOutcome,
    counts: SeedCounts,
    warnings: string[],
    plan: SeedPlan | null,
    existingModels: number | null,
    detail: string,
  ): SeedReport {
    return { runId, dryRun, provider, source, outcome, counts, warnings, plan, existingModels, detail };
  }
}

export type DeployOptions = Omit<SeedOptions, 'trigger' | 'dryRun' | 'allowMassRetire'> & {
  trigger?: SeedTrigger;
};

/**
 * The deploy step's decision for one provider, after migrations: seed only when the provider has no models. A
 * cheap count first avoids fetching the provider on every deploy; the decision is taken again under the lock, so
 * of several concurrent deploys exactly one seeds and the others record `skipped`. Database errors propagate:
 * never "none".
 */
export async function runDeployGate(db: Database, options: DeployOptions): Promise<SeedReport> {
  const provider = options.provider ?? 'mistral';
  const existing = await countProviderModels(db, provider);
  if (existing > 0) {
    const now = options.now ?? (() => new Date());
    const runId = options.runId ?? randomUUID();
    const detail = gateDetail(provider, existing);
    await recordRun(db, {
      id: runId,
      trigger: options.trigger ?? 'deploy',
      provider,
      source: 'none',
      dryRun: false,
      outcome: 'skipped',
      detail,
      counts: ZERO_COUNTS,
      warnings: [],
      existingModels: existing,
      error: null,
      actor: options.actor,
      startedAt: now(),
    });
    return {
      runId,
      dryRun: false,
      provider,
      source: 'none',
      outcome: 'skipped',
      counts: ZERO_COUNTS,
      warnings: [],
      plan: null,
      existingModels: existing,
      detail,
    };
  }
  return runSeed(db, { ...options, trigger: options.trigger ?? 'deploy', onlyIfEmpty: true });
}
