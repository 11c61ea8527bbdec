// An OpenAI-compatible server an operator runs (Ollama, vLLM, LM Studio, LocalAI): GET <baseUrl>/models, a bearer
// key only when one is configured, `{"data": [...]}` or a bare array. Servers say no more than OpenAI does, so the
// type comes from the id. Declaring such servers (PROVIDERS_PATH) is not this file's job; building one is.
import { redactUrl } from '../../../db/redact';
import { RegistryError } from '../errors';
import { providerIdSchema } from '../model/fields';
import { cleanText } from '../model/text';
import type { FetchCatalogOptions, ModelProvider, ProviderCatalog } from '../types';
import type { ProviderHttp } from './http';
import { fetchListedCatalog, idOnlyCard } from './openai-shape';
import { bearerHttp, type ProviderClientOptions } from './settings';

export type OpenAiCompatibleOptions = Omit<ProviderClientOptions, 'apiKey' | 'baseUrl'> & {
  /** The registry's id for this server, like "ollama": lower-case letters, digits, _ and -. */
  id: string;
  /** How people and messages name it, like "Ollama". */
  name: string;
  /** The API root, `/v1` included where the server has it: http://127.0.0.1:11434/v1. */
  baseUrl: string;
  /** Sent as a bearer token when set; a local server usually needs none. */
  apiKey?: string;
  /** The variable the key came from, named when the server refuses it. */
  apiKeyEnv?: string;
};

export class OpenAiCompatibleProvider implements ModelProvider {
  readonly id: string;
  readonly displayName: string;
  readonly apiBaseUrl: string;
  private readonly http: ProviderHttp;

  constructor(options: OpenAiCompatibleOptions) {
    const id = providerIdSchema.safeParse(options.id);
    if (!id.success) {
      throw new RegistryError(
        'config',
        `The provider id "${cleanText(String(options.id)).text}" is not usable: ${id.error.issues[0]?.message}`,
      );
    }
    const name = cleanText(options.name).text.trim();
    if (!name) throw new RegistryError('config', `Provider "${options.id}" needs a name.`);
    const baseUrl = options.baseUrl.trim();
    if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) {
      throw new RegistryError(
        'config',
        `Provider "${options.id}": baseUrl must be an http(s) URL, got "${redactUrl(cleanText(baseUrl).text)}".`,
      );
    }
    this.id = options.id;
    this.displayName = name;
    this.apiBaseUrl = baseUrl.replace(/\/+$/, '');
    const where = `provider "${options.id}" in PROVIDERS_PATH`;
    this.http = {
      ...bearerHttp(name, options.id.toUpperCase().replaceAll('-', '_'), options),
      settingNames: {
        apiKey: options.apiKeyEnv ?? `the apiKeyEnv of ${where} (no key is sent)`,
        apiUrl: `the baseUrl of ${where}`,
        timeout: `the timeout for ${where}`,
      },
    };
  }

  get modelsUrl(): string {
    return `${this.apiBaseUrl}/models`;
  }

  fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const list = { provider: this.id, http: this.http, url: this.modelsUrl, bareArray: true };
    return fetchListedCatalog(list, options, (record) => idOnlyCard(record.id));
  }
}
