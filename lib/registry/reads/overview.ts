// The registry at a glance: counts and the latest seed run, for the home page and health checks.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { models, type SeedRun } from '../../../db/schema';
import { countAwaitingReview } from '../config/review';
import { lastSeedRun } from './seed-runs';

export type RegistryOverview = {
  total: number;
  active: number;
  inactive: number;
  retired: number;
  /** Active, non-retired models: what clients are offered. */
  offered: number;
  byType: { type: string; total: number; offered: number }[];
  /** Models a sync added that no admin has looked at yet (config/review.ts). */
  awaitingReview: number;
  /** The newest seed run; never a dry run (see seed-runs.ts). */
  lastRun: SeedRun | null;
  /** The newest seed run that applied a plan; never a dry run. */
  lastApplied: SeedRun | null;
};

export async function registryOverview(db: Executor): Promise<RegistryOverview> {
  const byType = await db
    .select({
      type: models.type,
      total: sql<number>`count(*)::int`,
      active: sql<number>`(count(*) filter (where ${models.status} = 'active'))::int`,
      retired: sql<number>`(count(*) filter (where ${models.retiredAt} is not null))::int`,
      offered: sql<number>`(count(*) filter (where ${models.status} = 'active' and ${models.retiredAt} is null))::int`,
    })
    .from(models)
    .groupBy(models.type)
    .orderBy(models.type);
  const awaitingReview = await countAwaitingReview(db);
  const lastRun = await lastSeedRun(db);
  const lastApplied = await lastSeedRun(db, { outcome: 'applied' });
  const sum = (pick: (row: (typeof byType)[number]) => number) => byType.reduce((n, row) => n + pick(row), 0);
  return {
    total: sum((r) => r.total),
    active: sum((r) => r.active),
    inactive: sum((r) => r.total - r.active),
    retired: sum((r) => r.retired),
    offered: sum((r) => r.offered),
    byType: byType.map((r) => ({ type: r.type, total: r.total, offered: r.offered })),
    awaitingReview,
    lastRun,
    lastApplied,
  };
}
