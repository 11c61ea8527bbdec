// What the providers that answer in OpenAI's shape (OpenAI, Groq, Together, any OpenAI-compatible server) share:
// their list read (then validated card by card as every provider's is, listed-cards.ts), and a type derived from an
// id where the provider says nothing else. Each adapter maps the validated records to cards in its own file.
import { redactUrl } from '../../../db/redact';
import { RegistryError } from '../errors';
import type { FetchCatalogOptions, ModelType, ProviderCard, ProviderCatalog } from '../types';
import { fetchProviderJson, type ProviderHttp } from './http';
import { cardsFromRecords } from './listed-cards';

/** One listed card with a usable id; every other field as the provider sent it (untrusted, possibly absent). */
export type ListedRecord = { id: string } & Record<string, unknown>;

/** The records of a list answer, `{"data": [...]}` or (where `bareArray` allows) a bare array. */
function listedData(body: unknown, options: { origin: string; bareArray: boolean }): unknown[] {
  if (Array.isArray(body) && options.bareArray) return body;
  if (body && typeof body === 'object' && Array.isArray((body as { data?: unknown }).data)) {
    return (body as { data: unknown[] }).data;
  }
  const expected = options.bareArray
    ? 'a JSON array or an object with a "data" array'
    : 'a JSON object with a "data" array';
  throw new RegistryError(
    'provider',
    `${options.origin} is not a model list: expected ${expected}. Nothing was changed.`,
  );
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
 * validated like every provider's (listed-cards.ts), then each mapped by the adapter's `toCard`, whose notes (what
 * it cleaned or noticed) become one warning per card naming the answer it came from.
 */
export async function fetchListedCatalog(
  list: { provider: string; http: ProviderHttp; url: string; bareArray: boolean },
  options: FetchCatalogOptions,
  toCard: (record: ListedRecord, notes: string[]) => ProviderCard,
): Promise<ProviderCatalog> {
  const shown = redactUrl(list.url);
  const body = await fetchProviderJson(list.http, list.url, options);
  const origin = `${list.http.name}'s answer from ${shown}`;
  const { cards, warnings } = cardsFromRecords(listedData(body, { origin, bareArray: list.bareArray }), {
    origin,
    idOf: (record) => (typeof record.id === 'string' ? record.id.trim() : null),
    toCard: (record, id, notes) => toCard({ ...record, id }, notes),
  });
  return { provider: list.provider, source: { kind: 'api', url: shown }, cards, warnings };
}
