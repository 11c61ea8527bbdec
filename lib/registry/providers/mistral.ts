// Mistral's model list over real HTTP: GET {base}/v1/models, bounded in time, retried on 429/5xx.
import { redactUrl } from '../../../db/redact';
import { RegistryError } from '../errors';
import type { Env, FetchCatalogOptions, ModelProvider, ProviderCatalog } from '../types';
import { fetchProviderJson, type ProviderHttp } from './http';
import { normalizeMistralModelList } from './mistral-normalize';

export type MistralOptions = {
  apiKey: string;
  baseUrl?: string;
  /** One attempt, body included. */
  timeoutMs?: number;
  /** Retries after the first attempt, on 429, 5xx and dropped connections. */
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** A Retry-After longer than this fails at once rather than stall a deploy. */
  maxRetryDelayMs?: number;
};

const MISTRAL_DEFAULT_URL = 'https://api.mistral.ai';

export class MistralProvider implements ModelProvider {
  readonly id = 'mistral';
  readonly displayName = 'Mistral AI';
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;

  constructor(options: MistralOptions) {
    this.apiBaseUrl = (options.baseUrl ?? MISTRAL_DEFAULT_URL).replace(/\/+$/, '');
    this.http = {
      name: 'Mistral',
      envPrefix: 'MISTRAL',
      headers: { Authorization: `Bearer ${options.apiKey}` },
      secrets: [options.apiKey],
      timeoutMs: options.timeoutMs ?? 15_000,
      maxRetries: options.maxRetries ?? 3,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    };
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
  const apiKey = env.MISTRAL_API_KEY?.trim();
  if (!apiKey) {
    throw new RegistryError(
      'config',
      'MISTRAL_API_KEY is not set: set it to read the live API, or use --source catalog.',
    );
  }
  const baseUrl = env.MISTRAL_API_URL?.trim() || MISTRAL_DEFAULT_URL;
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) {
    throw new RegistryError('config', `MISTRAL_API_URL must be an http(s) URL, got "${redactUrl(baseUrl)}".`);
  }
  const rawTimeout = env.MISTRAL_TIMEOUT_MS?.trim();
  let timeoutMs: number | undefined;
  if (rawTimeout) {
    timeoutMs = Number(rawTimeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
      throw new RegistryError(
        'config',
        `MISTRAL_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000, got "${rawTimeout}".`,
      );
    }
  }
  return new MistralProvider({ apiKey, baseUrl, timeoutMs });
}
