// Provider cards made by hand, and one provider's seed of them: what the multi-provider tests build their registry
// from (each test picks the providers, the cards and which of them are offered).
import { expect } from 'vitest';
import modelDefaults from '../../config/model-defaults';
import type { Database } from '../../db/client';
import { runSeed } from '../../lib/registry/sync/run';
import type { ProviderCard } from '../../lib/registry/types';

/** A chat model's card, 128k context, nothing else known; `extra` overrides. */
export const card = (modelId: string, extra: Partial<ProviderCard> = {}): ProviderCard => ({
  modelId,
  groupName: modelId,
  aliases: [],
  description: null,
  contextLength: 128000,
  capabilities: ['completion_chat'],
  type: 'chat',
  deprecation: null,
  deprecationReplacement: null,
  ...extra,
});

/**
 * One provider's seed of `cards`, as its sync would write them; new models get the config's default status
 * (`newStatus` overrides it: 'active' offers every card).
 */
export async function seedCards(
  db: Database,
  provider: string,
  cards: ProviderCard[],
  options: { displayName?: string; newStatus?: 'active' } = {},
): Promise<void> {
  const report = await runSeed(db, {
    trigger: 'cli',
    actor: 'cli',
    config: options.newStatus
      ? { ...modelDefaults, defaultNewModelStatus: options.newStatus }
      : modelDefaults,
    sourceLabel: 'catalog',
    provider,
    providerInfo: { displayName: options.displayName ?? provider, apiBaseUrl: `https://${provider}.example` },
    loadCatalog: async () => ({ provider, source: { kind: 'catalog' }, cards, warnings: [] }),
  });
  expect(report.outcome, report.detail).toBe('applied');
}
