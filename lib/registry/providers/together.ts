// Together's model list over real HTTP: GET {base}/v1/models with a bearer key, answered as a bare JSON array. Each
// card names its own `type`, `display_name` and `context_length`; prices (`pricing`, USD per million tokens) are not
// carried yet: ProviderCard has no price field until issue 15.
import { redactUrl } from '../../../db/redact';
import type {
  Env,
  FetchCatalogOptions,
  ModelProvider,
  ModelType,
  ProviderCard,
  ProviderCatalog,
} from '../types';
import { fetchProviderJson, type ProviderHttp } from './http';
import {
  bearerHttp,
  type ListedRecord,
  listedRecords,
  type ProviderClientOptions,
  providerSettingsFromEnv,
  providerText,
  tokenCount,
  typeFromModelId,
} from './openai-shape';

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

  async fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const shown = redactUrl(this.modelsUrl);
    const body = await fetchProviderJson(this.http, this.modelsUrl, options);
    const origin = `Together's answer from ${shown}`;
    const { records, warnings } = listedRecords(body, { kind: 'provider', origin, bareArray: true });
    const warn = (line: string) => warnings.push(`${origin}: ${line}`);
    const cards = records.map((record): ProviderCard => {
      const card: ProviderCard = {
        modelId: record.id,
        groupName: record.id,
        aliases: [],
        description: null,
        contextLength: tokenCount(record.context_length),
        capabilities: [],
        type: togetherType(record),
        deprecation: null,
        deprecationReplacement: null,
      };
      const displayName = providerText(record.display_name, 'display name', record, warn);
      if (displayName !== null) card.displayName = displayName.slice(0, 200);
      return card;
    });
    return { provider: this.id, source: { kind: 'api', url: shown }, cards, warnings };
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
