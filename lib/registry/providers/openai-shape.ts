// What the providers that answer in OpenAI's shape (OpenAI, Groq, Together, any OpenAI-compatible server) share:
// their settings read from the environment, their list validated card by card, and a type derived from an id
// where the provider says nothing else. Each adapter maps the validated records to cards in its own file.
import { redactUrl } from '../../../db/redact';
import { RegistryError, type RegistryErrorKind } from '../errors';
import { isModelId, MODEL_ID_RULE } from '../fields';
import { cleanText, escapeUntrusted } from '../text';
import type { Env, ModelType } from '../types';
import type { ProviderHttp } from './http';

/** How a client built on one provider's HTTP settings is tuned (tests shorten the waits). */
export type ProviderClientOptions = {
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

/** The shared HTTP settings of a bearer-key provider. */
export function bearerHttp(
  name: string,
  envPrefix: string,
  options: Omit<ProviderClientOptions, 'apiKey'> & { apiKey?: string },
): ProviderHttp {
  return {
    name,
    envPrefix,
    headers: options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {},
    secrets: options.apiKey ? [options.apiKey] : [],
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 3,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
  };
}

/** How a provider is reached, as read from its variables; bad settings are refused naming the variable. */
export type ProviderSettings = { apiKey: string; baseUrl: string; timeoutMs: number | undefined };

export function providerSettingsFromEnv(
  env: Env,
  provider: { name: string; envPrefix: string; defaultUrl: string },
): ProviderSettings {
  const { envPrefix } = provider;
  const apiKey = env[`${envPrefix}_API_KEY`]?.trim();
  if (!apiKey) {
    throw new RegistryError(
      'config',
      `${envPrefix}_API_KEY is not set: set it to read ${provider.name}'s models.`,
    );
  }
  const baseUrl = env[`${envPrefix}_API_URL`]?.trim() || provider.defaultUrl;
  if (!/^https?:\/\/[^\s]+$/.test(baseUrl)) {
    throw new RegistryError(
      'config',
      `${envPrefix}_API_URL must be an http(s) URL, got "${redactUrl(baseUrl)}".`,
    );
  }
  const rawTimeout = env[`${envPrefix}_TIMEOUT_MS`]?.trim();
  let timeoutMs: number | undefined;
  if (rawTimeout) {
    timeoutMs = Number(rawTimeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) {
      throw new RegistryError(
        'config',
        `${envPrefix}_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000, got "${rawTimeout}".`,
      );
    }
  }
  return { apiKey, baseUrl: baseUrl.replace(/\/+$/, ''), timeoutMs };
}

/** One listed card with a usable id; every other field as the provider sent it (untrusted, possibly absent). */
export type ListedRecord = { id: string } & Record<string, unknown>;

/** Warnings per kind before they are only counted: a hostile list stays readable. */
const MAX_CARD_WARNINGS = 10;

/** An untrusted value as a warning may name it: escaped, quoted, at most 80 characters. */
function shownText(text: string): string {
  const shown = escapeUntrusted(text);
  return `"${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}"`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The cards of a list answer, `{"data": [...]}` or (where `bareArray` allows) a bare array. Cards without an id that
 * follows the model-id rule are skipped with a warning; an id listed twice keeps one card (the same one whatever the
 * order of the answer) with a warning; a list whose cards are mostly unusable is refused as a whole.
 */
export function listedRecords(
  body: unknown,
  options: { kind: RegistryErrorKind; origin: string; bareArray: boolean },
): { records: ListedRecord[]; warnings: string[] } {
  const data = Array.isArray(body)
    ? options.bareArray
      ? body
      : null
    : body && typeof body === 'object' && Array.isArray((body as { data?: unknown }).data)
      ? ((body as { data: unknown[] }).data as unknown[])
      : null;
  if (data === null) {
    const expected = options.bareArray
      ? 'a JSON array or an object with a "data" array'
      : 'a JSON object with a "data" array';
    throw new RegistryError(
      options.kind,
      `${options.origin} is not a model list: expected ${expected}. Nothing was changed.`,
    );
  }
  const warnings: string[] = [];
  const byId = new Map<string, ListedRecord[]>();
  let invalid = 0;
  for (const [i, raw] of data.entries()) {
    const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    const trimmed = typeof id === 'string' ? id.trim() : '';
    if (!isModelId(trimmed)) {
      invalid++;
      if (invalid <= MAX_CARD_WARNINGS) {
        const why =
          trimmed === ''
            ? 'has no id'
            : `has the id ${shownText(trimmed)}, which breaks the model-id rule (${MODEL_ID_RULE})`;
        warnings.push(`${options.origin}: card ${i} ${why}; skipped`);
      }
      continue;
    }
    const record = { ...(raw as Record<string, unknown>), id: trimmed };
    byId.set(trimmed, [...(byId.get(trimmed) ?? []), record]);
  }
  if (invalid > MAX_CARD_WARNINGS)
    warnings.push(`${options.origin}: ${invalid} cards in all had no usable id and were skipped`);
  if (invalid > 0 && invalid >= data.length - invalid) {
    throw new RegistryError(
      options.kind,
      `${options.origin}: ${invalid} of ${data.length} cards have no usable id; the list looks broken. Nothing was changed.`,
    );
  }
  const records: ListedRecord[] = [];
  for (const [id, list] of [...byId].sort(([a], [b]) => compare(a, b))) {
    if (list.length > 1) {
      warnings.push(`${options.origin}: ${id} is listed ${list.length} times; kept one`);
      list.sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
    }
    records.push(list[0]!);
  }
  return { records, warnings };
}

/** A provider's free text as the registry stores it: control characters out (with a warning), blank as null. */
export function providerText(
  value: unknown,
  label: string,
  record: ListedRecord,
  warn: (line: string) => void,
): string | null {
  if (typeof value !== 'string') return null;
  const { text, cleaned } = cleanText(value);
  if (cleaned) warn(`${record.id}: control characters removed from its ${label}`);
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** A positive whole number of tokens, or null: 0, negatives, fractions and text are "unknown", never guessed. */
export function tokenCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * A model's type from its id alone, for providers that list nothing else (OpenAI, Groq, Ollama). The families are
 * OpenAI's own names plus the open-weight ones these servers host; a fine-tune `ft:<base>:…` is its base's type;
 * anything else generates text, so it is a chat model.
 */
export function typeFromModelId(modelId: string): ModelType {
  const id = modelId.toLowerCase();
  if (id.startsWith('ft:')) return typeFromModelId(id.slice(3).split(':')[0] ?? '');
  const name = id.slice(id.lastIndexOf('/') + 1);
  if (/embed/.test(name)) return 'embedding';
  if (/moderation|guard/.test(name)) return 'moderation';
  if (/^(dall-e|gpt-image)/.test(name)) return 'image';
  if (/^(whisper|tts)|transcribe|-tts|-audio|-realtime/.test(name)) return 'audio';
  return 'chat';
}
