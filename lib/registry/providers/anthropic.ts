// Anthropic's model list over real HTTP: GET {base}/v1/models with x-api-key and anthropic-version, cursor pages
// (limit, after_id → has_more, last_id) followed to the end. Every listed model is a Messages API model: type chat.
import { redactUrl } from '../../../db/redact';
import { RegistryError } from '../errors';
import type { Env, FetchCatalogOptions, ModelProvider, ProviderCard, ProviderCatalog } from '../types';
import { fetchProviderJson, type ProviderHttp } from './http';
import { capabilityWords, cardName, cardsFromRecords, shownText, tokenCount } from './listed-cards';
import { providerHttp, providerSettingsFromEnv } from './settings';

export type AnthropicOptions = {
  apiKey: string;
  baseUrl?: string;
  /** Models asked for per page (Anthropic allows 1 to 1000). */
  pageSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
};

const ANTHROPIC_DEFAULT_URL = 'https://api.anthropic.com';
const ANTHROPIC_VERSION = '2023-06-01';
/** More pages than this is a provider looping, not a catalog. */
const MAX_PAGES = 1000;

/** Newer answers carry `capabilities: {image_input: {supported: true}, …}`; the registry's words for them. */
const CAPABILITY_WORDS: Record<string, string> = { image_input: 'vision', thinking: 'reasoning' };

function anthropicCapabilities(value: unknown): string[] {
  const words = ['completion_chat'];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, detail] of Object.entries(value)) {
      if ((detail as { supported?: unknown } | null)?.supported === true)
        words.push(CAPABILITY_WORDS[name] ?? name);
    }
  }
  return capabilityWords(words);
}

function anthropicCard(record: Record<string, unknown>, id: string, notes: string[]): ProviderCard {
  const displayName = cardName(record.display_name, notes);
  return {
    modelId: id,
    // Anthropic lists each id once and names no group or alias: each id is its own model.
    groupName: id,
    aliases: [],
    description: null,
    contextLength: tokenCount(record.max_input_tokens),
    capabilities: anthropicCapabilities(record.capabilities),
    type: 'chat',
    deprecation: null,
    deprecationReplacement: null,
    ...(displayName ? { displayName } : {}),
  };
}

export class AnthropicProvider implements ModelProvider {
  readonly id = 'anthropic';
  readonly displayName = 'Anthropic';
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;
  private readonly pageSize: number;

  constructor(options: AnthropicOptions) {
    this.apiBaseUrl = (options.baseUrl ?? ANTHROPIC_DEFAULT_URL).replace(/\/+$/, '');
    this.pageSize = options.pageSize ?? 1000;
    this.http = providerHttp('Anthropic', 'ANTHROPIC', options, (apiKey) => ({
      'x-api-key': apiKey,
      'anthropic-version': ANTHROPIC_VERSION,
    }));
  }

  get modelsUrl(): string {
    return `${this.apiBaseUrl}/v1/models`;
  }

  async fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const shown = redactUrl(this.modelsUrl);
    const origin = `Anthropic's answer from ${shown}`;
    const records: unknown[] = [];
    const cursors = new Set<string>();
    let afterId: string | null = null;
    for (let page = 1; ; page++) {
      const query = new URLSearchParams({ limit: String(this.pageSize) });
      if (afterId !== null) query.set('after_id', afterId);
      const body = (await fetchProviderJson(this.http, `${this.modelsUrl}?${query}`, options)) as Record<
        string,
        unknown
      > | null;
      if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
        throw new RegistryError(
          'provider',
          `${origin} (page ${page}) is not a model list: expected a JSON object with a "data" array. Nothing was changed.`,
        );
      }
      records.push(...body.data);
      // A page may hold fewer models than asked: only has_more says whether another follows.
      if (body.has_more !== true) break;
      const lastOnPage = (body.data.at(-1) as { id?: unknown } | undefined)?.id;
      const next = typeof body.last_id === 'string' && body.last_id ? body.last_id : lastOnPage;
      if (typeof next !== 'string' || next === '' || cursors.has(next)) {
        throw new RegistryError(
          'provider',
          `${origin} (page ${page}) says more models follow but gives no new cursor (last_id ${typeof next === 'string' && next ? `${shownText(next)} again` : 'missing'}); stopped rather than loop. Nothing was changed.`,
        );
      }
      if (page >= MAX_PAGES) {
        throw new RegistryError(
          'provider',
          `${origin} still had more after ${MAX_PAGES} pages; stopped. Nothing was changed.`,
        );
      }
      cursors.add(next);
      afterId = next;
    }
    const { cards, warnings } = cardsFromRecords(records, {
      origin,
      idOf: (record) => (typeof record.id === 'string' ? record.id.trim() : null),
      toCard: anthropicCard,
    });
    return { provider: this.id, source: { kind: 'api', url: shown }, cards, warnings };
  }
}

/** The client configured from the environment; bad settings are refused with the variable named. */
export function anthropicProviderFromEnv(env: Env): AnthropicProvider {
  const { apiKey, baseUrl, timeoutMs } = providerSettingsFromEnv(env, {
    name: 'Anthropic',
    envPrefix: 'ANTHROPIC',
    defaultUrl: ANTHROPIC_DEFAULT_URL,
  });
  return new AnthropicProvider({ apiKey, baseUrl, timeoutMs });
}
