// Mistral's model list over real HTTP: GET {base}/v1/models, bounded in time, retried on 429/5xx.
import { redactUrl } from '../../../db/redact';
import type { Env, FetchCatalogOptions, ModelProvider, ProviderCatalog } from '../types';
import { fetchProviderJson, type ProviderHttp } from './http';
import { normalizeMistralModelList } from './mistral-normalize';
import { bearerHttp, type ProviderClientOptions, providerSettingsFromEnv } from './settings';

const MISTRAL_DEFAULT_URL = 'https://api.mistral.ai';

export class MistralProvider implements ModelProvider {
  readonly id = 'mistral';
  readonly displayName = 'Mistral AI';
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;

  constructor(options: ProviderClientOptions) {
    this.apiBaseUrl = (options.baseUrl ?? MISTRAL_DEFAULT_URL).replace(/\/+$/, '');
    this.http = bearerHttp('Mistral', 'MISTRAL', options);
  }

  get modelsUrl(): string {
    return `${this.apiBaseUrl}/v1/models`;
  }

  async fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const shown = redactUrl(this.modelsUrl);
    const body = await fetchProviderJson(this.http, this.modelsUrl, options);
    return normalizeMistralModelList(
      body,
      { kind: 'api', url: shown },
      { kind: 'provider', origin: `Mistral's answer from ${shown}` },
    );
  }
}

/** The client configured from the environment; bad settings are refused with the variable named. */
export function mistralProviderFromEnv(env: Env): MistralProvider {
  return new MistralProvider(
    providerSettingsFromEnv(env, {
      name: 'Mistral',
      envPrefix: 'MISTRAL',
      defaultUrl: MISTRAL_DEFAULT_URL,
      withoutKey: 'set it to read the live API, or use --source catalog.',
    }),
  );
}
