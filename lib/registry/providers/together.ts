// Together's model list over real HTTP: GET {base}/v1/models with a bearer key, answered as a bare JSON array. Each
// card names its own `type`, `display_name` and `context_length`; prices (`pricing`, USD per million tokens) are not
// carried yet: ProviderCard has no price field until issue 15.
import type { Env, FetchCatalogOptions, ModelProvider, ModelType, ProviderCatalog } from '../types';
import type { ProviderHttp } from './http';
import { cardName, tokenCount } from './listed-cards';
import { fetchListedCatalog, idOnlyCard, type ListedRecord, typeFromModelId } from './openai-shape';
import { bearerHttp, type ProviderClientOptions, providerSettingsFromEnv } from './settings';

const TOGETHER_DEFAULT_URL = 'https://api.together.xyz';

/** Together's own kinds; `language` and `code` models generate text like chat ones. Others (rerank…) are `other`. */
const TOGETHER_TYPES: Record<string, ModelType> = {
  chat: 'chat',
  language: 'chat',
  code: 'chat',
  embedding: 'embedding',
  image: 'image',
  moderation: 'moderation',
  audio: 'audio',
  transcribe: 'audio',
};

function togetherType(record: ListedRecord): ModelType {
  const kind = record.type;
  // Only a card without a kind falls back to its id; a kind the registry does not know is `other`, not a guess.
  if (typeof kind !== 'string' || kind.trim() === '') return typeFromModelId(record.id);
  return TOGETHER_TYPES[kind.trim().toLowerCase()] ?? 'other';
}

export class TogetherProvider implements ModelProvider {
  readonly id = 'together';
  readonly displayName = 'Together AI';
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;

  constructor(options: ProviderClientOptions) {
    this.apiBaseUrl = (options.baseUrl ?? TOGETHER_DEFAULT_URL).replace(/\/+$/, '');
    this.http = bearerHttp('Together', 'TOGETHER', options);
  }

  get modelsUrl(): string {
    return `${this.apiBaseUrl}/v1/models`;
  }

  fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const list = { provider: this.id, http: this.http, url: this.modelsUrl, bareArray: true };
    return fetchListedCatalog(list, options, (record, notes) => {
      const card = idOnlyCard(record.id, {
        contextLength: tokenCount(record.context_length),
        type: togetherType(record),
      });
      const displayName = cardName(record.display_name, notes, 'display name');
      if (displayName !== null) card.displayName = displayName;
      return card;
    });
  }
}

/** The client configured from TOGETHER_API_KEY, TOGETHER_API_URL and TOGETHER_TIMEOUT_MS. */
export function togetherProviderFromEnv(env: Env): TogetherProvider {
  return new TogetherProvider(
    providerSettingsFromEnv(env, {
      name: 'Together',
      envPrefix: 'TOGETHER',
      defaultUrl: TOGETHER_DEFAULT_URL,
    }),
  );
}
