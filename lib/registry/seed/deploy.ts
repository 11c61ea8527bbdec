// The deploy step as one call: migrate, then the deploy gate (seed only an empty registry).
import type { DbHandle } from '../../../db/client';
import { migrateDatabase } from '../../../db/migrate';
import { defaultCatalogSource, loadCatalog } from '../providers';
import type { Env, ModelDefaults } from '../types';
import { runDeployGate, type SeedReport } from './run';

export type DeployReport = { migrationsApplied: number; report: SeedReport };

export async function deployRegistry(
  handle: DbHandle,
  options: { config: ModelDefaults; env: Env; source?: string; onProgress?: (message: string) => void },
): Promise<DeployReport> {
  const source = options.source ?? defaultCatalogSource(options.env);
  options.onProgress?.(`Migrating ${handle.target.display}…`);
  const migration = await migrateDatabase(handle);
  const report = await runDeployGate(handle.db, {
    actor: 'deploy',
    config: options.config,
    sourceLabel: source,
    onProgress: options.onProgress,
    loadCatalog: () => loadCatalog({ source, env: options.env }),
  });
  return { migrationsApplied: migration.applied, report };
}
