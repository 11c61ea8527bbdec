// Groq's model list over real HTTP: GET {base}/openai/v1/models with a bearer key. OpenAI's shape plus
// `context_window` (the context length) and `active`; the type comes from the id, as Groq gives none.
import type { Env, FetchCatalogOptions, ModelProvider, ProviderCatalog } from '../types';
import type { ProviderHttp } from './http';
import { tokenCount } from './listed-cards';
import { fetchListedCatalog, idOnlyCard } from './openai-shape';
import { bearerHttp, type ProviderClientOptions, providerSettingsFromEnv } from './settings';

const GROQ_DEFAULT_URL = 'https://api.groq.com';

export class GroqProvider implements ModelProvider {
  readonly id = 'groq';
  readonly displayName = 'Groq';
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;

  constructor(options: ProviderClientOptions) {
    this.apiBaseUrl = (options.baseUrl ?? GROQ_DEFAULT_URL).replace(/\/+$/, '');
    this.http = bearerHttp('Groq', 'GROQ', options);
  }

  get modelsUrl(): string {
    return `${this.apiBaseUrl}/openai/v1/models`;
  }

  fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const list = { provider: this.id, http: this.http, url: this.modelsUrl, bareArray: false };
    return fetchListedCatalog(list, options, (record, notes) => {
      // `active: false` is listed and warned about, not skipped: every listed card is stored (issue 14), and
      // skipping would turn a flag Groq may flip back into a retirement the sync cannot explain. The warning
      // lands in the seed run, where an admin sees it and can deactivate or pin the model.
      if (record.active === false) notes.push('marked inactive by Groq (active: false); listed anyway');
      return idOnlyCard(record.id, { contextLength: tokenCount(record.context_window) });
    });
  }
}

/** The client configured from GROQ_API_KEY, GROQ_API_URL and GROQ_TIMEOUT_MS. */
export function groqProviderFromEnv(env: Env): GroqProvider {
  return new GroqProvider(
    providerSettingsFromEnv(env, { name: 'Groq', envPrefix: 'GROQ', defaultUrl: GROQ_DEFAULT_URL }),
  );
}
