// OpenAI's model list over real HTTP: GET {base}/v1/models with a bearer key. Its cards say only `id`, `created` and
// `owned_by`, so the type comes from the id and everything else (context length, capabilities) stays unknown.
import type { Env, FetchCatalogOptions, ModelProvider, ProviderCatalog } from '../types';
import type { ProviderHttp } from './http';
import { fetchListedCatalog, idOnlyCard } from './openai-shape';
import { bearerHttp, type ProviderClientOptions, providerSettingsFromEnv } from './settings';

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

  fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const list = { provider: this.id, http: this.http, url: this.modelsUrl, bareArray: false };
    return fetchListedCatalog(list, options, (record) => idOnlyCard(record.id));
  }
}

/** The client configured from OPENAI_API_KEY, OPENAI_API_URL and OPENAI_TIMEOUT_MS. */
export function openAiProviderFromEnv(env: Env): OpenAiProvider {
  return new OpenAiProvider(
    providerSettingsFromEnv(env, { name: 'OpenAI', envPrefix: 'OPENAI', defaultUrl: OPENAI_DEFAULT_URL }),
  );
}
