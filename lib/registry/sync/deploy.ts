// The deploy step as one call: migrate, then the deploy gate for each provider (seed only a provider with no models).
import type { DbHandle } from '../../../db/client';
import { migrateDatabase } from '../../../db/migrate';
import { providerSetup } from '../providers/registry';
import type { Env, ModelDefaults } from '../types';
import { type ProviderSyncResult, syncProviders, syncTargets } from './provider-sync';

export type DeployReport = { migrationsApplied: number; results: ProviderSyncResult[] };

export async function deployRegistry(
  handle: DbHandle,
  options: {
    config: ModelDefaults;
    env: Env;
    source?: string;
    providers?: readonly string[];
    onProgress?: (message: string) => void;
  },
): Promise<DeployReport> {
  // Settings are read before the database is touched: a bad PROVIDERS_PATH stops the deploy with nothing done.
  const targets = syncTargets(providerSetup(options.env), {
    source: options.source,
    providers: options.providers,
  });
  options.onProgress?.(`Migrating ${handle.target.display}…`);
  const migration = await migrateDatabase(handle);
  const results = await syncProviders(handle.db, targets, {
    trigger: 'deploy',
    actor: 'deploy',
    config: options.config,
    deployGate: true,
    onProgress: options.onProgress,
  });
  return { migrationsApplied: migration.applied, results };
}
