// Syncing several providers at once: which providers a request names, and one isolated seed per provider, run
// concurrently. Each provider's seed is its own transaction and its own seed_runs row; a provider that fails
// writes nothing and retires nothing, and never stops the others.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/client';
import { redactUrl } from '../../../db/redact';
import { RegistryError } from '../errors';
import { loadCatalog } from '../providers';
import type { ProviderEntry, ProviderSetup } from '../providers/registry';
import type { FetchCatalogOptions, ProviderCatalog } from '../types';
import { runDeployGate, runSeed, type SeedOptions, type SeedReport } from './run';

/** One provider a sync will read. */
export type SyncTarget = {
  provider: string;
  name: string;
  apiBaseUrl: string;
  /** How the source is named in seed_runs before the catalog says more: `api`, `catalog` or a file path. */
  sourceLabel: string;
  loadCatalog(options: FetchCatalogOptions): Promise<ProviderCatalog>;
};

export type SyncRequest = {
  /** Provider ids to sync; none = every configured provider. */
  providers?: readonly string[];
  /** Mistral's source: `api`, `catalog` (the bundled answer) or a saved answer's path. */
  source?: string;
};

function apiTarget(entry: ProviderEntry): SyncTarget {
  // The client is built now so its base URL is known; a bad setting fails this provider's sync (and is logged as
  // its failed run) rather than the whole command.
  let client: ReturnType<ProviderEntry['create']> | null = null;
  let problem: unknown = null;
  try {
    client = entry.create();
  } catch (error) {
    problem = error;
  }
  return {
    provider: entry.id,
    name: entry.name,
    apiBaseUrl: redactUrl(client?.apiBaseUrl ?? entry.baseUrl),
    sourceLabel: 'api',
    loadCatalog: (options) => (client ? client.fetchCatalog(options) : Promise.reject(problem)),
  };
}

function mistralTarget(setup: ProviderSetup, source: string): SyncTarget {
  if (source === 'api') return apiTarget(setup.get('mistral') as ProviderEntry);
  return {
    provider: 'mistral',
    name: 'Mistral AI',
    apiBaseUrl: 'https://api.mistral.ai',
    sourceLabel: source,
    loadCatalog: () => loadCatalog({ source }),
  };
}

/**
 * The providers a sync reads, in the order people see them. Named providers must be known (built-in or declared)
 * and configured; `source` is Mistral's alone. With nothing configured at all, Mistral's bundled offline catalog
 * stands in, so a fresh checkout has models.
 */
export function syncTargets(setup: ProviderSetup, request: SyncRequest = {}): SyncTarget[] {
  const named = [...new Set(request.providers ?? [])];
  for (const id of named) {
    if (!setup.get(id)) {
      throw new RegistryError(
        'usage',
        `Unknown provider "${id}". Known providers: ${[...setup.ids].join(', ')}.`,
      );
    }
  }
  const source = request.source?.trim();
  if (request.source !== undefined) {
    if (!source) throw new RegistryError('usage', '--source takes api, catalog or the path of a JSON file.');
    const others = named.filter((id) => id !== 'mistral');
    if (others.length > 0) {
      throw new RegistryError(
        'usage',
        `--source is Mistral's (the bundled catalog and saved files are Mistral answers); it cannot be used with --provider ${others.join(', ')}.`,
      );
    }
    return [mistralTarget(setup, source)];
  }
  const nothingConfigured = setup.configured.length === 0;
  if (named.length === 0) {
    if (nothingConfigured) return [mistralTarget(setup, 'catalog')];
    return setup.configured.map(apiTarget);
  }
  return named.map((id) => {
    const entry = setup.get(id) as ProviderEntry;
    if (entry.configured) return apiTarget(entry);
    if (id === 'mistral' && nothingConfigured) return mistralTarget(setup, 'catalog');
    throw new RegistryError(
      'config',
      `${entry.name} (${id}) is not configured: set ${entry.enabledBy} to sync it.` +
        (id === 'mistral' ? ' Or read the bundled catalog with --source catalog.' : ''),
    );
  });
}

/** What one provider's sync came to: its report, or the error that stopped it (nothing of it was written). */
export type ProviderSyncResult =
  | { provider: string; name: string; runId: string; report: SeedReport; error: null }
  | { provider: string; name: string; runId: string; report: null; error: unknown };

export type SyncOptions = Omit<SeedOptions, 'loadCatalog' | 'sourceLabel' | 'provider' | 'runId'> & {
  /** The deploy gate: seed each provider only when it has no models, record `skipped` otherwise. */
  deployGate?: boolean;
  onRetry?: (provider: string, info: Parameters<NonNullable<FetchCatalogOptions['onRetry']>>[0]) => void;
};

/** Runs one isolated seed per target, all at once; never throws for a provider's failure. */
export async function syncProviders(
  db: Database,
  targets: readonly SyncTarget[],
  options: SyncOptions,
): Promise<ProviderSyncResult[]> {
  const { deployGate, onRetry, onProgress, ...seed } = options;
  const several = targets.length > 1;
  return Promise.all(
    targets.map(async (target): Promise<ProviderSyncResult> => {
      const runId = randomUUID();
      const { provider, name } = target;
      const perProvider: SeedOptions = {
        ...seed,
        runId,
        provider,
        providerInfo: { displayName: name, apiBaseUrl: target.apiBaseUrl },
        sourceLabel: target.sourceLabel,
        onProgress: onProgress && ((message) => onProgress(several ? `[${provider}] ${message}` : message)),
        loadCatalog: () => target.loadCatalog({ onRetry: onRetry && ((info) => onRetry(provider, info)) }),
      };
      try {
        const report = deployGate ? await runDeployGate(db, perProvider) : await runSeed(db, perProvider);
        return { provider, name, runId, report, error: null };
      } catch (error) {
        return { provider, name, runId, report: null, error };
      }
    }),
  );
}
