// Mistral's model list over real HTTP: GET {base}/v1/models, bounded in time, retried on 429/5xx.
import { redactUrl, redactUrls } from '../../../db/redact';
import { RegistryError } from '../errors';
import type { Env, FetchCatalogOptions, ModelProvider, ProviderCatalog } from '../types';
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

/** The provider's own words from any error body shape it uses (see shared fixtures), or a snippet of the text. */
function providerMessage(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.message === 'string' && body.message) return body.message;
    if (typeof body.detail === 'string' && body.detail) return body.detail;
    if (Array.isArray(body.detail)) {
      return body.detail
        .map((d) => {
          const item = d as { loc?: unknown[]; msg?: unknown };
          return `${Array.isArray(item.loc) ? item.loc.join('.') : '?'}: ${String(item.msg ?? '')}`;
        })
        .join('; ');
    }
    if (typeof body.error === 'string') return body.error;
    if (body.error && typeof (body.error as { message?: unknown }).message === 'string') {
      return (body.error as { message: string }).message;
    }
  } catch {
    // not JSON: fall through to a snippet
  }
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain ? `"${plain.slice(0, 160)}${plain.length > 160 ? '…' : ''}"` : '(empty body)';
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function errnoOf(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

type Attempt =
  | { ok: true; text: string }
  | { ok: false; retry: boolean; status: number | null; error: RegistryError; retryAfterMs: number | null };

export class MistralProvider implements ModelProvider {
  readonly id = 'mistral';
  readonly displayName = 'Mistral AI';
  readonly apiBaseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(options: MistralOptions) {
    this.apiKey = options.apiKey;
    this.apiBaseUrl = (options.baseUrl ?? MISTRAL_DEFAULT_URL).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  }

  get modelsUrl(): string {
    return `${this.apiBaseUrl}/v1/models`;
  }

  /**
   * Worst case: (maxRetries + 1) attempts of timeoutMs each, plus the waits between them (each at most
   * maxRetryDelayMs). Timeouts are retried like 5xx: a slow gateway is the commonest transient fault.
   */
  async fetchCatalog(options: FetchCatalogOptions = {}): Promise<ProviderCatalog> {
    const url = this.modelsUrl;
    const shown = redactUrl(url);
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(url, options.signal);
      if (result.ok) {
        let body: unknown;
        try {
          body = JSON.parse(result.text);
        } catch (error) {
          throw new RegistryError(
            'provider',
            `Mistral answered ${shown} with a body that is not valid JSON (${(error as Error).message}; ${result.text.length} bytes). Nothing was changed.`,
            { cause: error },
          );
        }
        return normalizeMistralModelList(
          body,
          { kind: 'api', url: shown },
          { kind: 'provider', origin: `Mistral's answer from ${shown}` },
        );
      }
      if (!result.retry || attempt >= this.maxRetries) {
        if (result.retry) {
          throw new RegistryError(
            'provider',
            `${result.error.message} (gave up after ${attempt + 1} attempts)`,
            {
              cause: result.error,
            },
          );
        }
        throw result.error;
      }
      let delayMs = result.retryAfterMs ?? this.backoff(attempt);
      if (result.retryAfterMs !== null && result.retryAfterMs > this.maxRetryDelayMs) {
        throw new RegistryError(
          'provider',
          `${result.error.message}; it asks to retry after ${Math.ceil(result.retryAfterMs / 1000)} s, longer than the ${this.maxRetryDelayMs / 1000} s this command waits. Try again later.`,
          { cause: result.error },
        );
      }
      delayMs = Math.min(delayMs, this.maxRetryDelayMs);
      options.onRetry?.({
        attempt: attempt + 1,
        status: result.status,
        delayMs,
        reason: result.error.message,
      });
      await sleep(delayMs, options.signal);
    }
  }

  private backoff(attempt: number): number {
    const base = this.retryBaseDelayMs * 2 ** attempt;
    return Math.round(base / 2 + Math.random() * (base / 2));
  }

  private async attempt(url: string, outer?: AbortSignal): Promise<Attempt> {
    const shown = redactUrl(url);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${this.apiKey}`, Accept: 'application/json' },
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (outer?.aborted) throw outer.reason;
      if (timeout.aborted) {
        return {
          ok: false,
          retry: true,
          status: null,
          retryAfterMs: null,
          error: new RegistryError(
            'provider',
            `Mistral gave no complete answer from ${shown} within ${this.timeoutMs} ms (MISTRAL_TIMEOUT_MS).`,
            { cause: error },
          ),
        };
      }
      const code = errnoOf(error);
      return {
        ok: false,
        // A refused connection or an unknown host will not heal in a second; a dropped one may.
        retry: code !== 'ECONNREFUSED' && code !== 'ENOTFOUND',
        status: null,
        retryAfterMs: null,
        error: new RegistryError(
          'provider',
          `Could not reach Mistral at ${shown} (${code ?? redactUrls((error as Error).message)}). Check MISTRAL_API_URL and the network.`,
          { cause: error },
        ),
      };
    }
    if (response.ok) return { ok: true, text };
    const status = response.status;
    const said = redactUrls(providerMessage(text).replaceAll(this.apiKey, '***'));
    let hint = '';
    if (status === 401 || status === 403) hint = ' Check MISTRAL_API_KEY.';
    else if (status === 404) hint = ' Check MISTRAL_API_URL.';
    return {
      ok: false,
      retry: status === 429 || status >= 500,
      status,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      error: new RegistryError('provider', `Mistral answered ${shown} with HTTP ${status}: ${said}.${hint}`),
    };
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
