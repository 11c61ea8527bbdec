// OpenRouter's model list over real HTTP: GET {base}/api/v1/models?output_modalities=all (every model, not only
// the text-output ones the default lists), one page, public (a key is sent as a bearer token
// when one is set). Type and capabilities follow the architecture's modalities and the supported parameters.
import { redactUrl } from '../../../db/redact';
import { RegistryError } from '../errors';
import { isModelId } from '../model/fields';
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
import { fetchProviderJson, type ProviderHttp } from './http';
import { capabilityWords, cardName, cardsFromRecords, cardText, tokenCount } from './listed-cards';
import { bearerHttp, providerSettingsFromEnv } from './settings';

export type OpenRouterOptions = {
  /** Optional: the list is public; a key is sent when given. */
  apiKey?: string | null;
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
};

const OPENROUTER_DEFAULT_URL = 'https://openrouter.ai';

const INPUT_WORDS: Record<string, string> = {
  image: 'vision',
  file: 'file_input',
  audio: 'audio_input',
  video: 'video_input',
};
const OUTPUT_WORDS: Record<string, string> = {
  text: 'completion_chat',
  image: 'image_output',
  audio: 'audio_output',
  embeddings: 'embedding',
};
const PARAMETER_WORDS: Record<string, string> = {
  tools: 'function_calling',
  reasoning: 'reasoning',
  structured_outputs: 'structured_outputs',
};

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Input and output modalities: the arrays when given, else read from `modality` ("text+image->text"). */
function modalities(architecture: unknown): { inputs: string[]; outputs: string[] } {
  const arch = (architecture && typeof architecture === 'object' ? architecture : {}) as Record<
    string,
    unknown
  >;
  let inputs = strings(arch.input_modalities);
  let outputs = strings(arch.output_modalities);
  if (typeof arch.modality === 'string' && arch.modality.includes('->')) {
    const [left = '', right = ''] = arch.modality.split('->');
    if (inputs.length === 0) inputs = left.split('+');
    if (outputs.length === 0) outputs = right.split('+');
  }
  const clean = (list: string[]) => list.map((m) => m.trim().toLowerCase()).filter(Boolean);
  return { inputs: clean(inputs), outputs: clean(outputs) };
}

function typeOf(outputs: string[]): ModelType {
  if (outputs.includes('embeddings')) return 'embedding';
  if (outputs.includes('text')) return 'chat';
  if (outputs.includes('image')) return 'image';
  if (outputs.includes('audio')) return 'audio';
  return 'other';
}

/** A USD-per-token string ("0.0000025") as USD per million tokens ("2.5"), exactly: no floating point. */
export function perMillionTokens(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{1,12}(\.\d{1,20})?$/.test(value.trim())) return null;
  const [whole = '0', fraction = ''] = value.trim().split('.');
  const padded = fraction.padEnd(6, '0');
  const integer = `${whole}${padded.slice(0, 6)}`.replace(/^0+(?=\d)/, '');
  const decimals = padded.slice(6).replace(/0+$/, '');
  return decimals ? `${integer}.${decimals}` : integer;
}

/** An `expiration_date` ("2026-11-08") as an ISO instant, or null with a warning when unreadable. */
function expiration(value: unknown, notes: string[]): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const at = new Date(value.trim());
  if (Number.isNaN(at.getTime())) {
    notes.push(`unreadable expiration date "${escapeUntrusted(value)}" ignored`);
    return null;
  }
  return at.toISOString();
}

/**
 * One side of a card's `pricing` (USD per token) per million tokens: null when absent or "-1" (OpenRouter's "variable",
 * for its routers); anything else that is not a price is unknown too, with a warning, never 0.
 */
function priceSide(value: unknown, name: string, notes: string[]): string | null {
  if (value === undefined || value === null || value === '-1') return null;
  const perMtok = perMillionTokens(value);
  // The column holds 8 integer digits: a larger price is not one either.
  const read = readPrice(perMtok ?? value);
  if (perMtok === null || 'problem' in read) {
    notes.push(`unreadable ${name} price ${escapeUntrusted(JSON.stringify(value) ?? '')} ignored`);
    return null;
  }
  return read.price;
}

/** The cards, each with OpenRouter's own price (USD per 1M tokens) where it gives one. */
export function normalizeOpenRouterModels(
  body: unknown,
  origin: string,
): { cards: ProviderCard[]; warnings: string[] } {
  const data = (body as { data?: unknown } | null)?.data;
  if (!body || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(data)) {
    throw new RegistryError(
      'provider',
      `${origin} is not a model list: expected a JSON object with a "data" array. Nothing was changed.`,
    );
  }
  const { cards, warnings } = cardsFromRecords(data, {
    origin,
    idOf: (record) => (typeof record.id === 'string' ? record.id.trim() : null),
    toCard: (record, id, notes) => {
      const { inputs, outputs } = modalities(record.architecture);
      const words = [
        ...inputs.map((m) => INPUT_WORDS[m]),
        ...outputs.map((m) => OUTPUT_WORDS[m]),
        ...strings(record.supported_parameters).map((p) => PARAMETER_WORDS[p]),
      ].filter((w): w is string => w !== undefined);
      const pricing = (record.pricing ?? {}) as Record<string, unknown>;
      const price = {
        input: priceSide(pricing.prompt, 'prompt', notes),
        output: priceSide(pricing.completion, 'completion', notes),
      };
      const topProvider = (record.top_provider ?? {}) as Record<string, unknown>;
      // canonical_slug is OpenRouter saying which ids are one model (qwen/qwen3-coder:free and qwen/qwen3-coder).
      const slug = typeof record.canonical_slug === 'string' ? record.canonical_slug.trim() : '';
      const displayName = cardName(record.name, notes);
      return {
        modelId: id,
        groupName: slug && isModelId(slug) ? slug : id,
        aliases: [],
        description: cardText(record.description, notes, 'description'),
        contextLength: tokenCount(record.context_length) ?? tokenCount(topProvider.context_length),
        capabilities: capabilityWords(words),
        type: typeOf(outputs),
        deprecation: expiration(record.expiration_date, notes),
        deprecationReplacement: null,
        ...(displayName ? { displayName } : {}),
        ...(price.input !== null || price.output !== null ? { price } : {}),
      };
    },
  });
  return { cards, warnings };
}

export class OpenRouterProvider implements ModelProvider {
  readonly id = 'openrouter';
  readonly displayName = 'OpenRouter';
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;

  constructor(options: OpenRouterOptions = {}) {
    this.apiBaseUrl = (options.baseUrl ?? OPENROUTER_DEFAULT_URL).replace(/\/+$/, '');
    const apiKey = options.apiKey?.trim() || null;
    this.http = bearerHttp('OpenRouter', 'OPENROUTER', { ...options, apiKey });
  }

  get modelsUrl(): string {
    // Without output_modalities=all OpenRouter lists text-output models only; every listed model is stored.
    return `${this.apiBaseUrl}/api/v1/models?output_modalities=all`;
  }

  async fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const shown = redactUrl(this.modelsUrl);
    const body = await fetchProviderJson(this.http, this.modelsUrl, options);
    const { cards, warnings } = normalizeOpenRouterModels(body, `OpenRouter's answer from ${shown}`);
    return { provider: this.id, source: { kind: 'api', url: shown }, cards, warnings };
  }
}

/** The client configured from the environment (the key is optional); bad settings are refused by name. */
export function openRouterProviderFromEnv(env: Env): OpenRouterProvider {
  const { apiKey, baseUrl, timeoutMs } = providerSettingsFromEnv(env, {
    name: 'OpenRouter',
    envPrefix: 'OPENROUTER',
    defaultUrl: OPENROUTER_DEFAULT_URL,
    keyOptional: true,
  });
  return new OpenRouterProvider({ apiKey, baseUrl, timeoutMs });
}
