// Together's model list over real HTTP: GET {base}/v1/models with a bearer key, answered as a bare JSON array. Each
// card names its own `type`, `display_name`, `context_length` and `pricing` (`input`/`output`, USD per 1M tokens).
import { readPrice } from '../model/prices';
import { escapeUntrusted } from '../model/text';
import type {
  Env,
  FetchCatalogOptions,
  ModelProvider,
  ModelType,
  ProviderCard,
  ProviderCatalog,
} from '../types';
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

/** Types Together does not bill per token (per image, per audio minute): their 0/0 token price is not "free". */
const NOT_PER_TOKEN = new Set<ModelType>(['image', 'audio']);

/** A card's `pricing` as the registry's price, or none; an unreadable side is unknown with a warning, never 0. */
function togetherPrice(record: ListedRecord, type: ModelType, notes: string[]): ProviderCard['price'] {
  const pricing = record.pricing;
  if (!pricing || typeof pricing !== 'object') return undefined;
  const side = (name: 'input' | 'output') => {
    const value = (pricing as Record<string, unknown>)[name];
    if (value === undefined || value === null) return null;
    const read = readPrice(value);
    if ('price' in read) return read.price;
    notes.push(
      `unreadable ${name} price ${escapeUntrusted(JSON.stringify(value) ?? '')} ignored (${read.problem})`,
    );
    return null;
  };
  const price = { input: side('input'), output: side('output') };
  if (price.input === null && price.output === null) return undefined;
  if (NOT_PER_TOKEN.has(type) && Number(price.input ?? 0) === 0 && Number(price.output ?? 0) === 0)
    return undefined;
  return price;
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
      const type = togetherType(record);
      const card = idOnlyCard(record.id, { contextLength: tokenCount(record.context_length), type });
      const displayName = cardName(record.display_name, notes, 'display name');
      if (displayName !== null) card.displayName = displayName;
      const price = togetherPrice(record, type, notes);
      if (price) card.price = price;
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
