// Every provider of this deployment and how its syncs are going, for models:doctor and the Sync page: the ones a
// sync reads (configured, or the bundled catalog standing in when nothing is configured) and the ones that still
// have models in the registry. A provider with models whose key was removed is "not configured": its models are
// kept as they are, and no sync reads it.
import { desc, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { models, providers, type SeedRun, seedRuns } from '../../../db/schema';
import type { ProviderSetup } from '../providers/registry';
import { realRuns } from '../reads/seed-runs';
import { syncTargets } from './provider-sync';

export type ProviderStatus = {
  id: string;
  name: string;
  /** `undeclared`: it has models, but neither a built-in adapter nor PROVIDERS_PATH names it (any more). */
  kind: 'built-in' | 'openai-compatible' | 'undeclared';
  /** Its key is set (built-in) or PROVIDERS_PATH declares it. */
  configured: boolean;
  /** What a `models:seed` without arguments reads for it: its API, the bundled catalog, or nothing. */
  syncedFrom: 'api' | 'catalog' | null;
  /** What enables it, for people: `OPENAI_API_KEY`, `PROVIDERS_PATH (/etc/providers.json)`. */
  enabledBy: string;
  models: number;
  /** Active and not retired: what clients are offered. */
  offered: number;
  retired: number;
  /** When a seed last read its full list (the providers table). */
  lastSyncedAt: Date | null;
  /** Its newest seed run; never a dry run. */
  lastRun: Pick<SeedRun, 'id' | 'trigger' | 'source' | 'outcome' | 'detail' | 'error' | 'startedAt'> | null;
};

/** The providers of `setup` that are synced or have models, in the order people see them, then any others. */
export async function providerStatuses(db: Executor, setup: ProviderSetup): Promise<ProviderStatus[]> {
  const counts = await db
    .select({
      provider: models.provider,
      total: sql<number>`count(*)::int`,
      offered: sql<number>`(count(*) filter (where ${models.status} = 'active' and ${models.retiredAt} is null))::int`,
      retired: sql<number>`count(${models.retiredAt})::int`,
    })
    .from(models)
    .groupBy(models.provider);
  const rows = await db
    .select({ id: providers.id, name: providers.displayName, lastSyncedAt: providers.lastSyncedAt })
    .from(providers);
  const runs = await db
    .selectDistinctOn([seedRuns.provider], {
      provider: seedRuns.provider,
      id: seedRuns.id,
      trigger: seedRuns.trigger,
      source: seedRuns.source,
      outcome: seedRuns.outcome,
      detail: seedRuns.detail,
      error: seedRuns.error,
      startedAt: seedRuns.startedAt,
    })
    .from(seedRuns)
    .where(realRuns)
    .orderBy(seedRuns.provider, desc(seedRuns.startedAt));

  const countOf = new Map(counts.map((c) => [c.provider, c]));
  const rowOf = new Map(rows.map((r) => [r.id, r]));
  const runOf = new Map(runs.map(({ provider, ...run }) => [provider, run]));
  const readFrom = new Map(
    syncTargets(setup).map((t) => [
      t.provider,
      t.sourceLabel === 'api' ? ('api' as const) : ('catalog' as const),
    ]),
  );

  const status = (
    id: string,
    known: Pick<ProviderStatus, 'name' | 'kind' | 'configured' | 'enabledBy'>,
  ): ProviderStatus => {
    const count = countOf.get(id);
    return {
      id,
      name: known.name,
      kind: known.kind,
      configured: known.configured,
      enabledBy: known.enabledBy,
      syncedFrom: readFrom.get(id) ?? null,
      models: Number(count?.total ?? 0),
      offered: Number(count?.offered ?? 0),
      retired: Number(count?.retired ?? 0),
      lastSyncedAt: rowOf.get(id)?.lastSyncedAt ?? null,
      lastRun: runOf.get(id) ?? null,
    };
  };

  const listed = setup.all
    .filter((entry) => readFrom.has(entry.id) || countOf.has(entry.id))
    .map((entry) => status(entry.id, entry));
  const undeclared = [...countOf.keys()]
    .filter((id) => !setup.get(id))
    .sort()
    .map((id) =>
      status(id, {
        name: rowOf.get(id)?.name ?? id,
        kind: 'undeclared',
        configured: false,
        enabledBy: `PROVIDERS_PATH (a declaration with id "${id}")`,
      }),
    );
  return [...listed, ...undeclared];
}
