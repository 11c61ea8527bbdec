// The ids of the providers the registry ships adapters for, kept apart from the adapters so rules that only need to
// know a provider's name (config entries, model references) do not load every client.
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
