// What the providers that answer in OpenAI's shape (OpenAI, Groq, Together, any OpenAI-compatible server) share:
// their list read and validated card by card, and a type derived from an id where the provider says nothing else.
// Each adapter maps the validated records to cards in its own file.
import { redactUrl } from '../../../db/redact';
import { RegistryError, type RegistryErrorKind } from '../errors';
import { isModelId, MODEL_ID_RULE } from '../fields';
import { cleanText, escapeUntrusted } from '../text';
import type { FetchCatalogOptions, ModelType, ProviderCard, ProviderCatalog } from '../types';
import { fetchProviderJson, type ProviderHttp } from './http';

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
function listedRecords(
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

/**
 * A provider's free text as the registry stores it: control characters out, blank as null, and at most `maxLength`
 * UTF-16 units (as zod counts in fields.ts), cut at a whole character. Each change is a warning naming the card.
 */
export function providerText(
  value: unknown,
  field: { label: string; maxLength: number },
  record: ListedRecord,
  warn: (line: string) => void,
): string | null {
  if (typeof value !== 'string') return null;
  const { text, cleaned } = cleanText(value);
  if (cleaned) warn(`${record.id}: control characters removed from its ${field.label}`);
  let kept = text.trim();
  if (kept.length > field.maxLength) {
    let cut = '';
    for (const char of kept) {
      if (cut.length + char.length > field.maxLength) break;
      cut += char;
    }
    kept = cut.trim();
    warn(`${record.id}: ${field.label} cut to ${field.maxLength} characters`);
  }
  return kept === '' ? null : kept;
}

/** A positive whole number of tokens, or null: 0, negatives, fractions and text are "unknown", never guessed. */
export function tokenCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * A model's type from its id alone, for providers that list nothing else (OpenAI, Groq, Ollama). The families are
 * OpenAI's own names plus the open-weight ones these servers host (distil-whisper, llama-guard, nomic-embed); a
 * fine-tune `ft:<base>:…` is its base's type; anything else generates text, so it is a chat model.
 */
export function typeFromModelId(modelId: string): ModelType {
  const id = modelId.toLowerCase();
  if (id.startsWith('ft:')) return typeFromModelId(id.slice(3).split(':')[0] ?? '');
  const name = id.slice(id.lastIndexOf('/') + 1);
  if (/embed/.test(name)) return 'embedding';
  if (/moderation|guard/.test(name)) return 'moderation';
  if (/dall-e|gpt-image/.test(name)) return 'image';
  if (/whisper|^tts|transcribe|-tts|-audio|-realtime/.test(name)) return 'audio';
  // Video (Sora) is a kind the registry does not know yet.
  if (/^sora/.test(name)) return 'other';
  return 'chat';
}

/** A card of a provider that says nothing but the id: the type from the id, the rest unknown unless `fields` says. */
export function idOnlyCard(id: string, fields: Partial<ProviderCard> = {}): ProviderCard {
  return {
    modelId: id,
    groupName: id,
    aliases: [],
    description: null,
    contextLength: null,
    capabilities: [],
    type: typeFromModelId(id),
    deprecation: null,
    deprecationReplacement: null,
    ...fields,
  };
}

/**
 * One OpenAI-shaped list read and normalised: fetched (timeouts, retries, errors in the provider's words), its cards
 * validated, then each mapped by the adapter's `toCard`, whose `warn` lines name the answer they came from.
 */
export async function fetchListedCatalog(
  list: { provider: string; http: ProviderHttp; url: string; bareArray: boolean },
  options: FetchCatalogOptions,
  toCard: (record: ListedRecord, warn: (line: string) => void) => ProviderCard,
): Promise<ProviderCatalog> {
  const shown = redactUrl(list.url);
  const body = await fetchProviderJson(list.http, list.url, options);
  const origin = `${list.http.name}'s answer from ${shown}`;
  const { records, warnings } = listedRecords(body, { kind: 'provider', origin, bareArray: list.bareArray });
  const warn = (line: string) => warnings.push(`${origin}: ${line}`);
  const cards = records.map((record) => toCard(record, warn));
  return { provider: list.provider, source: { kind: 'api', url: shown }, cards, warnings };
}
