// The ids of the providers the registry ships adapters for, kept apart from the adapters so rules that only need to
// know a provider's name (config entries, model references) do not load every client; and the ids the registry
// knows when it reads an API id back (those and every provider it has models of).
import type { Executor } from '../../../db/client';
import { providers } from '../../../db/schema';
import type { ModelDefaults } from '../types';

export const BUILT_IN_PROVIDER_IDS = [
  'mistral',
  'openai',
  'anthropic',
  'gemini',
  'openrouter',
  'groq',
  'together',
] as const;

/** The provider ids a config entry may name: those the config was loaded with, else the built-in ones. */
export function knownProviderIds(config: Pick<ModelDefaults, 'knownProviders'>): ReadonlySet<string> {
  return new Set(config.knownProviders ?? BUILT_IN_PROVIDER_IDS);
}

/** The provider ids a qualified id may start with: the built-in ones and every provider the registry has. */
export async function registryProviderIds(db: Executor): Promise<Set<string>> {
  const rows = await db.select({ id: providers.id }).from(providers);
  return new Set([...BUILT_IN_PROVIDER_IDS, ...rows.map((row) => row.id)]);
}
