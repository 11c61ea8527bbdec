// OpenAI's model list over real HTTP: GET {base}/v1/models with a bearer key. Its cards say only `id`, `created` and
// `owned_by`, so the type comes from the id and everything else (context length, capabilities) stays unknown.
import { redactUrl } from '../../../db/redact';
import type { Env, FetchCatalogOptions, ModelProvider, ProviderCard, ProviderCatalog } from '../types';
import { fetchProviderJson, type ProviderHttp } from './http';
import {
  bearerHttp,
  listedRecords,
  type ProviderClientOptions,
  providerSettingsFromEnv,
  typeFromModelId,
} from './openai-shape';

const OPENAI_DEFAULT_URL = 'https://api.openai.com';

export class OpenAiProvider implements ModelProvider {
  readonly id = 'openai';
  readonly displayName = 'OpenAI';
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;

  constructor(options: ProviderClientOptions) {
    this.apiBaseUrl = (options.baseUrl ?? OPENAI_DEFAULT_URL).replace(/\/+$/, '');
    this.http = bearerHttp('OpenAI', 'OPENAI', options);
  }

  get modelsUrl(): string {
    return `${this.apiBaseUrl}/v1/models`;
  }

  async fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const shown = redactUrl(this.modelsUrl);
    const body = await fetchProviderJson(this.http, this.modelsUrl, options);
    const origin = `OpenAI's answer from ${shown}`;
    const { records, warnings } = listedRecords(body, { kind: 'provider', origin, bareArray: false });
    const cards = records.map(
      (record): ProviderCard => ({
        modelId: record.id,
        groupName: record.id,
        aliases: [],
        description: null,
        contextLength: null,
        capabilities: [],
        type: typeFromModelId(record.id),
        deprecation: null,
        deprecationReplacement: null,
      }),
    );
    return { provider: this.id, source: { kind: 'api', url: shown }, cards, warnings };
  }
}

/** The client configured from OPENAI_API_KEY, OPENAI_API_URL and OPENAI_TIMEOUT_MS. */
export function openAiProviderFromEnv(env: Env): OpenAiProvider {
  return new OpenAiProvider(
    providerSettingsFromEnv(env, { name: 'OpenAI', envPrefix: 'OPENAI', defaultUrl: OPENAI_DEFAULT_URL }),
  );
}
