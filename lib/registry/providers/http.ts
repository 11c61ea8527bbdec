// A provider's list endpoint over real HTTP, the same way for every provider: bounded in time, retried on 429, 5xx
// and dropped connections (honouring Retry-After up to a limit), and every failure told in the provider's own words
// with its variables named and its secrets redacted. Adapters build on this and end at normalised cards.
import { redactUrl, redactUrls } from '../../../db/redact';
import { RegistryError } from '../errors';
import type { FetchCatalogOptions } from '../types';

/** How one provider is reached, and how its messages name it and its settings. */
export type ProviderHttp = {
  /** "Mistral", "OpenAI": how messages name the provider. */
  name: string;
  /** The variables' prefix, "MISTRAL" for MISTRAL_API_KEY, MISTRAL_API_URL and MISTRAL_TIMEOUT_MS. */
  envPrefix: string;
  /** Where a setting lives when it is not a <envPrefix>_… variable (an operator's PROVIDERS_PATH entry): what
   * messages tell the operator to check instead. */
  settingNames?: { apiKey?: string; apiUrl?: string; timeout?: string };
  /** Sent with every request (authentication, versions). */
  headers: Record<string, string>;
  /** Secrets that must never appear in a message (the API key), besides what URL redaction removes. */
  secrets: string[];
  /** One attempt, body included. */
  timeoutMs: number;
  /** Retries after the first attempt, on 429, 5xx and dropped connections. */
  maxRetries: number;
  retryBaseDelayMs: number;
  /** A Retry-After longer than this fails at once rather than stall a deploy. */
  maxRetryDelayMs: number;
};

type Attempt =
  | { ok: true; text: string }
  | { ok: false; retry: boolean; status: number | null; error: RegistryError; retryAfterMs: number | null };

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

/**
 * GETs `url` and parses its JSON. Worst case: (maxRetries + 1) attempts of timeoutMs each, plus the waits between
 * them (each at most maxRetryDelayMs). Timeouts are retried like 5xx: a slow gateway is the commonest transient fault.
 */
export async function fetchProviderJson(
  http: ProviderHttp,
  url: string,
  options: FetchCatalogOptions = {},
): Promise<unknown> {
  const shown = redactUrl(url);
  for (let attempt = 0; ; attempt++) {
    const result = await attemptOnce(http, url, options.signal);
    if (result.ok) {
      try {
        return JSON.parse(result.text);
      } catch (error) {
        throw new RegistryError(
          'provider',
          `${http.name} answered ${shown} with a body that is not valid JSON (${(error as Error).message}; ${result.text.length} bytes). Nothing was changed.`,
          { cause: error },
        );
      }
    }
    if (!result.retry || attempt >= http.maxRetries) {
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
    let delayMs = result.retryAfterMs ?? backoff(http, attempt);
    if (result.retryAfterMs !== null && result.retryAfterMs > http.maxRetryDelayMs) {
      throw new RegistryError(
        'provider',
        `${result.error.message}; it asks to retry after ${Math.ceil(result.retryAfterMs / 1000)} s, longer than the ${http.maxRetryDelayMs / 1000} s this command waits. Try again later.`,
        { cause: result.error },
      );
    }
    delayMs = Math.min(delayMs, http.maxRetryDelayMs);
    options.onRetry?.({ attempt: attempt + 1, status: result.status, delayMs, reason: result.error.message });
    await sleep(delayMs, options.signal);
  }
}

function backoff(http: ProviderHttp, attempt: number): number {
  const base = http.retryBaseDelayMs * 2 ** attempt;
  return Math.round(base / 2 + Math.random() * (base / 2));
}

const ENV_SUFFIX = { apiKey: 'API_KEY', apiUrl: 'API_URL', timeout: 'TIMEOUT_MS' } as const;

/** What a message tells the operator to check for one setting: its variable, unless the provider names it otherwise. */
function settingName(http: ProviderHttp, setting: keyof typeof ENV_SUFFIX): string {
  return http.settingNames?.[setting] ?? `${http.envPrefix}_${ENV_SUFFIX[setting]}`;
}

function hideSecrets(http: ProviderHttp, text: string): string {
  let out = text;
  for (const secret of http.secrets) if (secret) out = out.replaceAll(secret, '***');
  return redactUrls(out);
}

/**
 * The body as text, like response.text() (UTF-8, a BOM dropped, bad bytes replaced), decoded as it arrives: each
 * chunk is let go at once instead of all of them being kept and copied into one buffer before decoding, which for
 * a 28 MB answer (50,000 cards) held ~56 MB of buffers until the next full garbage collection, near the end.
 */
async function bodyText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    text += decoder.decode(read.value, { stream: true });
  }
  return text + decoder.decode();
}

async function attemptOnce(http: ProviderHttp, url: string, outer?: AbortSignal): Promise<Attempt> {
  const shown = redactUrl(url);
  const timeout = AbortSignal.timeout(http.timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json', ...http.headers }, signal });
    text = await bodyText(response);
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
          `${http.name} gave no complete answer from ${shown} within ${http.timeoutMs} ms (${settingName(http, 'timeout')}).`,
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
        `Could not reach ${http.name} at ${shown} (${code ?? hideSecrets(http, (error as Error).message)}). Check ${settingName(http, 'apiUrl')} and the network.`,
        { cause: error },
      ),
    };
  }
  if (response.ok) return { ok: true, text };
  const status = response.status;
  const said = hideSecrets(http, providerMessage(text));
  let hint = '';
  if (status === 401 || status === 403) hint = ` Check ${settingName(http, 'apiKey')}.`;
  else if (status === 404) hint = ` Check ${settingName(http, 'apiUrl')}.`;
  return {
    ok: false,
    retry: status === 429 || status >= 500,
    status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    error: new RegistryError(
      'provider',
      // Google's and Anthropic's messages end with their own full stop: do not add a second.
      `${http.name} answered ${shown} with HTTP ${status}: ${said}${/[.!?]$/.test(said) ? '' : '.'}${hint}`,
    ),
  };
}
