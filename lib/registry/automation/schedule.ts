// Scheduled syncs: SYNC_SCHEDULE (a cron expression, read by croner, in UTC) runs the sync of every configured
// provider inside the app. With several app instances on one database, exactly one runs each scheduled instant: the
// first to record the slot in sync_slots; the others skip it. Every run writes its seed_runs row per provider (trigger
// `schedule`), a failed provider is recorded and notified, and nothing of it is written.
import { hostname } from 'node:os';
import { Cron } from 'croner';
import { desc } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { syncSlots } from '../../../db/schema';
import { loadModelDefaults } from '../config/operator-config';
import { RegistryError } from '../errors';
import { providerSetup } from '../providers/registry';
import { type ProviderSyncResult, syncProviders, syncTargets } from '../sync/provider-sync';
import type { Env } from '../types';
import { notifySync } from './notify';

export type SyncSchedule = { expression: string; cron: Cron };

/** The schedule SYNC_SCHEDULE names, or null when it is unset (scheduled syncs off); a bad expression is refused. */
export function syncScheduleFromEnv(env: Env): SyncSchedule | null {
  const expression = env.SYNC_SCHEDULE?.trim();
  if (!expression) return null;
  try {
    return { expression, cron: new Cron(expression, { paused: true, timezone: 'UTC' }) };
  } catch (error) {
    throw new RegistryError(
      'config',
      `SYNC_SCHEDULE "${expression}" is not a cron expression (${(error as Error).message}). ` +
        'Use five fields, minute to weekday, e.g. "0 */6 * * *" for every six hours, or unset it.',
      { cause: error },
    );
  }
}

/** The next `count` instants the schedule names after `from`. */
export function nextRuns(schedule: SyncSchedule, from: Date, count = 1): Date[] {
  return schedule.cron.nextRuns(count, from);
}

/**
 * The scheduled instant a tick that fired at `firedAt` belongs to: the latest one at or before it. Every instance
 * names a slot the same way, however late its timer fired.
 */
export function slotOf(schedule: SyncSchedule, firedAt: Date): Date {
  return schedule.cron.previousRuns(1, new Date(firedAt.getTime() + 1))[0] ?? firedAt;
}

export type ScheduledRun =
  | { slot: Date; outcome: 'ran'; results: ProviderSyncResult[] }
  | { slot: Date; outcome: 'taken' };

/**
 * Runs the scheduled sync of `slot` unless another instance has: the slot is recorded first (one insert, the primary
 * key decides), then every configured provider is synced and the results notified.
 */
export async function runScheduledSync(
  db: Database,
  env: Env,
  slot: Date,
  instance = `${hostname()}:${process.pid}`,
): Promise<ScheduledRun> {
  const taken = await db.insert(syncSlots).values({ slot, instance }).onConflictDoNothing().returning();
  if (taken.length === 0) return { slot, outcome: 'taken' };
  const { config } = loadModelDefaults(env);
  const targets = syncTargets(providerSetup(env));
  const results = await syncProviders(db, targets, { trigger: 'schedule', actor: 'schedule', config });
  await notifySync(db, env, results, 'schedule');
  return { slot, outcome: 'ran', results };
}

/** The last slot any instance took, for the Sync page. */
export async function lastScheduledSlot(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ slot: syncSlots.slot })
    .from(syncSlots)
    .orderBy(desc(syncSlots.slot))
    .limit(1);
  return row?.slot ?? null;
}

/**
 * Starts the in-app scheduler (the server calls it once at start). Each tick runs the slot's sync; an error (the
 * database down) is logged and the next tick tries again. Returns the running job, or null when SYNC_SCHEDULE is
 * unset.
 */
export function startScheduler(
  db: () => Promise<Database>,
  env: Env,
  log: (message: string) => void = (message) => console.log(message),
): Cron | null {
  const schedule = syncScheduleFromEnv(env);
  if (!schedule) return null;
  const job = new Cron(schedule.expression, { timezone: 'UTC', protect: true }, async (self: Cron) => {
    const slot = slotOf(schedule, self.currentRun() ?? new Date());
    try {
      const run = await runScheduledSync(await db(), env, slot);
      if (run.outcome === 'taken') return;
      const failed = run.results.filter((r) => r.error !== null).map((r) => r.provider);
      log(
        `Scheduled sync ${slot.toISOString()}: ${run.results.length} provider(s)` +
          (failed.length > 0 ? `, failed: ${failed.join(', ')}` : ', all synced'),
      );
    } catch (error) {
      log(`Scheduled sync ${slot.toISOString()} could not run: ${(error as Error).message}`);
    }
  });
  log(`Scheduled syncs: "${schedule.expression}" (UTC), next at ${job.nextRun()?.toISOString() ?? 'never'}.`);
  return job;
}
