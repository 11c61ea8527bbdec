// How each gateway names a provider the registry knows: LiteLLM's model prefix, and the OpenAI-compatible base URL
// and key variable a LibreChat custom endpoint calls. Built-in providers are the public APIs (a gateway calls the
// provider, never a test server the registry was pointed at); a server declared in PROVIDERS_PATH is its declared
// base URL, called as OpenAI-compatible. Keys are always a variable's name, never a value.
import type { ProviderEntry } from '../providers/registry';

export type GatewayFormat = 'litellm' | 'librechat';
export const GATEWAY_FORMATS: readonly GatewayFormat[] = ['litellm', 'librechat'];

/** One provider as the gateways see it. */
export type GatewayProvider = {
  id: string;
  name: string;
  /** LiteLLM's prefix for its models (`together_ai` for Together); `openai` for a declared server. */
  litellmPrefix: string;
  /** Only for a declared server: where LiteLLM and LibreChat reach it. */
  apiBase: string | null;
  /** LibreChat's custom endpoint base URL (an OpenAI-compatible API). */
  openAiBaseUrl: string;
  /** The variable the gateway reads the key from; null for a declared server without one. */
  keyEnv: string | null;
  /** LibreChat's variable, where its docs ask for another name (OpenRouter: OPENROUTER_KEY). */
  librechatKeyEnv: string | null;
};

type BuiltIn = Pick<GatewayProvider, 'litellmPrefix' | 'openAiBaseUrl'> & { librechatKeyEnv?: string };

/** LiteLLM's provider prefixes (docs.litellm.ai/docs/providers) and each API's OpenAI-compatible base URL. */
const BUILT_IN: Readonly<Record<string, BuiltIn>> = {
  mistral: { litellmPrefix: 'mistral', openAiBaseUrl: 'https://api.mistral.ai/v1' },
  openai: { litellmPrefix: 'openai', openAiBaseUrl: 'https://api.openai.com/v1' },
  // Anthropic's and Google's OpenAI SDK compatibility layers.
  anthropic: { litellmPrefix: 'anthropic', openAiBaseUrl: 'https://api.anthropic.com/v1' },
  gemini: {
    litellmPrefix: 'gemini',
    openAiBaseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
  },
  // LibreChat's docs: OPENROUTER_API_KEY would also reroute its built-in OpenAI endpoint through OpenRouter.
  openrouter: {
    litellmPrefix: 'openrouter',
    openAiBaseUrl: 'https://openrouter.ai/api/v1',
    librechatKeyEnv: 'OPENROUTER_KEY',
  },
  groq: { litellmPrefix: 'groq', openAiBaseUrl: 'https://api.groq.com/openai/v1' },
  together: { litellmPrefix: 'together_ai', openAiBaseUrl: 'https://api.together.xyz/v1' },
};

/** The gateways' view of this deployment's providers (providers/registry.ts), by id. */
export function gatewayProviders(entries: readonly ProviderEntry[]): Map<string, GatewayProvider> {
  const out = new Map<string, GatewayProvider>();
  for (const entry of entries) {
    const builtIn = entry.kind === 'built-in' ? BUILT_IN[entry.id] : undefined;
    if (entry.kind === 'built-in' && !builtIn) {
      throw new Error(`gateways/targets.ts has no entry for the built-in provider ${entry.id}`);
    }
    out.set(entry.id, {
      id: entry.id,
      name: entry.name,
      litellmPrefix: builtIn?.litellmPrefix ?? 'openai',
      apiBase: builtIn ? null : entry.baseUrl,
      openAiBaseUrl: builtIn?.openAiBaseUrl ?? entry.baseUrl,
      keyEnv: entry.keyEnv,
      librechatKeyEnv: builtIn?.librechatKeyEnv ?? entry.keyEnv,
    });
  }
  return out;
}
