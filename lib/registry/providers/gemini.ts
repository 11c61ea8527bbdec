// Gemini's model list over real HTTP: GET {base}/v1beta/models with x-goog-api-key, token pages (pageSize,
// pageToken → nextPageToken) followed to the end. Ids come as `models/<id>` and are stored without the prefix; the
// type follows supportedGenerationMethods.
import { redactUrl } from '../../../db/redact';
import { isRegistryError, RegistryError } from '../errors';
import { isModelId } from '../model/fields';
import type {
  Env,
  FetchCatalogOptions,
  ModelProvider,
  ModelType,
  ProviderCard,
  ProviderCatalog,
} from '../types';
import { fetchProviderJson, type ProviderHttp } from './http';
import { capabilityWords, cardName, cardsFromRecords, cardText, tokenCount } from './listed-cards';
import { providerHttp, providerSettingsFromEnv } from './settings';

export type GeminiOptions = {
  apiKey: string;
  baseUrl?: string;
  /** Models asked for per page (Gemini allows up to 1000). */
  pageSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
};

const GEMINI_DEFAULT_URL = 'https://generativelanguage.googleapis.com';
/** More pages than this is a provider looping, not a catalog. */
const MAX_PAGES = 1000;
const EMBED_METHODS = new Set([
  'embedContent',
  'embedText',
  'batchEmbedContents',
  'batchEmbedText',
  'asyncBatchEmbedContent',
]);

/** `models/gemini-2.5-pro` → `gemini-2.5-pro`; a name without the prefix is taken as it is. */
function geminiId(record: Record<string, unknown>): string | null {
  if (typeof record.name !== 'string') return null;
  const name = record.name.trim();
  return name.startsWith('models/') ? name.slice('models/'.length) : name;
}

function geminiCard(record: Record<string, unknown>, id: string, notes: string[]): ProviderCard {
  const methods = new Set(
    Array.isArray(record.supportedGenerationMethods)
      ? record.supportedGenerationMethods.filter((m): m is string => typeof m === 'string')
      : [],
  );
  const embeds = [...methods].some((m) => EMBED_METHODS.has(m));
  const words: string[] = [];
  if (methods.has('generateContent')) words.push('completion_chat');
  if (embeds) words.push('embedding');
  if (methods.has('batchGenerateContent')) words.push('batch');
  if (methods.has('createCachedContent')) words.push('caching');
  if (record.thinking === true) words.push('reasoning');
  const type: ModelType = methods.has('generateContent') ? 'chat' : embeds ? 'embedding' : 'other';
  // baseModelId is Gemini saying which ids are one model (gemini-2.0-flash and gemini-2.0-flash-001).
  const base = typeof record.baseModelId === 'string' ? record.baseModelId.trim() : '';
  const displayName = cardName(record.displayName, notes);
  return {
    modelId: id,
    groupName: base && isModelId(base) ? base : id,
    aliases: [],
    description: cardText(record.description, notes, 'description'),
    contextLength: tokenCount(record.inputTokenLimit),
    capabilities: capabilityWords(words),
    type,
    deprecation: null,
    deprecationReplacement: null,
    ...(displayName ? { displayName } : {}),
  };
}

export class GeminiProvider implements ModelProvider {
  readonly id = 'gemini';
  readonly displayName = 'Google Gemini';
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;
  private readonly pageSize: number;

  constructor(options: GeminiOptions) {
    this.apiBaseUrl = (options.baseUrl ?? GEMINI_DEFAULT_URL).replace(/\/+$/, '');
    this.pageSize = options.pageSize ?? 1000;
    this.http = providerHttp(
      'Gemini',
      'GEMINI',
      options, // In a header, not `?key=`: the key then never sits in a URL a message or a log could show.
      (apiKey) => ({ 'x-goog-api-key': apiKey }),
    );
  }

  get modelsUrl(): string {
    return `${this.apiBaseUrl}/v1beta/models`;
  }

  async fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const shown = redactUrl(this.modelsUrl);
    const origin = `Gemini's answer from ${shown}`;
    const records: unknown[] = [];
    const tokens = new Set<string>();
    let pageToken: string | null = null;
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ pageSize: String(this.pageSize) });
      if (pageToken !== null) query.set('pageToken', pageToken);
      const body = (await this.fetchPage(`${this.modelsUrl}?${query}`, options)) as Record<
        string,
        unknown
      > | null;
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        throw new RegistryError(
          'provider',
          `${origin} (page ${page}) is not a model list: expected a JSON object with a "models" array. Nothing was changed.`,
        );
      }
      // Gemini leaves `models` out of a page that holds none; any other shape is not a list.
      if (body.models !== undefined && !Array.isArray(body.models)) {
        throw new RegistryError(
          'provider',
          `${origin} (page ${page}) is not a model list: "models" is not an array. Nothing was changed.`,
        );
      }
      records.push(...((body.models as unknown[] | undefined) ?? []));
      const next = body.nextPageToken;
      if (typeof next !== 'string' || next === '') break;
      if (tokens.has(next)) {
        throw new RegistryError(
          'provider',
          `${origin} (page ${page}) gives a nextPageToken it gave before; stopped rather than loop. Nothing was changed.`,
        );
      }
      if (page >= MAX_PAGES) {
        throw new RegistryError(
          'provider',
          `${origin} still had more after ${MAX_PAGES} pages; stopped. Nothing was changed.`,
        );
      }
      tokens.add(next);
      pageToken = next;
    }
    const { cards, warnings } = cardsFromRecords(records, { origin, idOf: geminiId, toCard: geminiCard });
    return { provider: this.id, source: { kind: 'api', url: shown }, cards, warnings };
  }

  /** One page. Gemini answers a wrong key with 400 INVALID_ARGUMENT, not 401: name the variable there too. */
  private async fetchPage(url: string, options: FetchCatalogOptions): Promise<unknown> {
    try {
      return await fetchProviderJson(this.http, url, options);
    } catch (error) {
      if (isRegistryError(error, 'provider') && /HTTP 400: API key not valid/i.test(error.message)) {
        throw new RegistryError('provider', `${error.message} Check GEMINI_API_KEY.`, { cause: error });
      }
      throw error;
    }
  }
}

/** The client configured from the environment; bad settings are refused with the variable named. */
export function geminiProviderFromEnv(env: Env): GeminiProvider {
  const { apiKey, baseUrl, timeoutMs } = providerSettingsFromEnv(env, {
    name: 'Gemini',
    envPrefix: 'GEMINI',
    defaultUrl: GEMINI_DEFAULT_URL,
  });
  return new GeminiProvider({ apiKey, baseUrl, timeoutMs });
}
