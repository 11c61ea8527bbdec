// LiteLLM's proxy config (`config.yaml`): one `model_list` entry per offered model the gateway can route, as
// LiteLLM documents it (docs.litellm.ai/docs/proxy/configs, .../proxy/model_access_groups): `model_name` the
// consumer id clients send; `litellm_params.model` LiteLLM's `<prefix>/<provider id>`, `api_key` an
// `os.environ/<VARIABLE>` reference (never a key), `api_base` for a declared OpenAI-compatible server; and
// `model_info` with what the registry knows — mode, context length (`max_input_tokens`), prices per token,
// `access_groups`, a deprecation date — each omitted when unknown, never written as 0. Pure.
import type { ModelType } from '../types';
import { type GatewayInput, type GatewayModel, headerLines } from './model';
import type { GatewayProvider } from './targets';
import { type GatewayDocument, perToken, renderYaml } from './yaml';

/** LiteLLM's `mode` for a registry type; none where LiteLLM's modes cannot say (audio is speech or transcription). */
const MODES: Readonly<Partial<Record<ModelType, string>>> = {
  chat: 'chat',
  embedding: 'embedding',
  moderation: 'moderation',
  ocr: 'ocr',
  fim: 'completion',
  image: 'image_generation',
};

function entryOf(model: GatewayModel, provider: GatewayProvider) {
  const info: Record<string, unknown> = {};
  const mode = MODES[model.type];
  if (mode) info.mode = mode;
  if (model.contextLength !== null) info.max_input_tokens = model.contextLength;
  if (model.price.input !== null) info.input_cost_per_token = perToken(model.price.input);
  if (model.price.output !== null) info.output_cost_per_token = perToken(model.price.output);
  if (model.groups.length > 0) info.access_groups = model.groups;
  if (model.deprecation) info.deprecation_date = model.deprecation.date.slice(0, 10);
  return {
    model_name: model.id,
    litellm_params: {
      model: `${provider.litellmPrefix}/${model.modelId}`,
      ...(provider.apiBase ? { api_base: provider.apiBase } : {}),
      // A declared server without a key still gets one: LiteLLM would otherwise send OPENAI_API_KEY to it.
      api_key: provider.keyEnv ? `os.environ/${provider.keyEnv}` : 'none',
    },
    ...(Object.keys(info).length > 0 ? { model_info: info } : {}),
  };
}

export function litellmDocument(input: GatewayInput): GatewayDocument {
  const entries = input.models.flatMap((model) => {
    const provider = input.providers.get(model.provider);
    return provider ? [entryOf(model, provider)] : [];
  });
  return { header: headerLines(input, 'LiteLLM proxy config'), value: { model_list: entries } };
}

export const litellmConfig = (input: GatewayInput): string => renderYaml(litellmDocument(input));
