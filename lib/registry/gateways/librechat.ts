// LibreChat's `librechat.yaml`: one custom endpoint per provider with offered chat models (its OpenAI-compatible
// base URL, the key as a `${VARIABLE}` reference, `models.default` the provider's ids in the registry's order,
// `fetch: false` so LibreChat offers exactly these), and `modelSpecs` naming each model as the registry does
// (display name, description, the chat default). Valid against LibreChat's own schema (librechat-data-provider's
// `configSchema`, pinned; the tests parse what this writes with it). Chat models only: LibreChat chats. Pure.
import { type GatewayInput, type GatewayModel, headerLines } from './model';
import type { GatewayProvider } from './targets';
import { type GatewayDocument, renderYaml } from './yaml';

/** librechat-data-provider's Constants.CONFIG_VERSION of the pinned version (a test holds the two together). */
export const LIBRECHAT_CONFIG_VERSION = '1.3.17';

/** Names LibreChat keeps for its own endpoints (EModelEndpoint): a custom endpoint may not take one. */
const RESERVED = new Set([
  'openAI',
  'anthropic',
  'google',
  'azureOpenAI',
  'assistants',
  'azureAssistants',
  'agents',
  'custom',
  'bedrock',
]);

/** Parameters LibreChat's docs say a provider refuses (librechat.ai, ai_endpoints/<provider>). */
const DROP_PARAMS: Readonly<Record<string, string[]>> = {
  mistral: ['stop', 'user', 'frequency_penalty', 'presence_penalty'],
  openrouter: ['stop'],
};

function specDescription(model: GatewayModel): string | undefined {
  const parts = model.description ? [model.description] : [];
  if (model.deprecation) {
    const { date, replacement } = model.deprecation;
    parts.push(
      `Deprecated: retires ${date.slice(0, 10)}${replacement ? `; use ${replacement} instead` : ''}.`,
    );
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function librechatDocument(input: GatewayInput): GatewayDocument {
  const chat = input.models.filter((m) => m.type === 'chat' && input.providers.has(m.provider));
  // Endpoints in the order the providers are listed (built-in first, then declared), named for people.
  const used = [...input.providers.values()].filter((p) => chat.some((m) => m.provider === p.id));
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const provider of used) {
    let name = provider.name;
    if (RESERVED.has(name) || taken.has(name)) name = `${provider.name} (${provider.id})`;
    taken.add(name);
    names.set(provider.id, name);
  }
  const endpoint = (provider: GatewayProvider) => ({
    name: names.get(provider.id),
    apiKey: provider.librechatKeyEnv ? `\${${provider.librechatKeyEnv}}` : 'none',
    baseURL: provider.openAiBaseUrl,
    models: { default: chat.filter((m) => m.provider === provider.id).map((m) => m.modelId), fetch: false },
    modelDisplayLabel: provider.name,
    ...(DROP_PARAMS[provider.id] ? { dropParams: DROP_PARAMS[provider.id] } : {}),
  });
  const defaultSpec = chat.find((m) => m.isDefault)?.id;
  const spec = (model: GatewayModel) => {
    const description = specDescription(model);
    return {
      name: model.id,
      label: model.displayName,
      ...(description ? { description } : {}),
      ...(model.id === defaultSpec ? { default: true } : {}),
      group: names.get(model.provider),
      preset: { endpoint: names.get(model.provider), model: model.modelId },
    };
  };
  return {
    header: headerLines(input, 'LibreChat config'),
    value: {
      version: LIBRECHAT_CONFIG_VERSION,
      cache: true,
      endpoints: { custom: used.map(endpoint) },
      modelSpecs: { list: chat.map(spec) },
    },
  };
}

export const librechatConfig = (input: GatewayInput): string => renderYaml(librechatDocument(input));
