// What every adapter but Mistral's shares after fetching: a list of untrusted records turned into sorted, unique cards (ids that break the model-id rule skipped, an id
// listed twice kept once, free text cleaned, each with a warning naming the card escaped; a list that is mostly
// unusable refused as a whole). Each adapter only maps one validated record to a card.
import { RegistryError } from '../errors';
import { isModelId, MODEL_ID_RULE } from '../model/fields';
import { cleanText, escapeUntrusted } from '../model/text';
import type { ProviderCard } from '../types';

/** Warnings per kind before they are only counted: a hostile list stays readable. */
const MAX_CARD_WARNINGS = 10;

/** Untrusted text as a warning may name it: escaped (\u001b), quoted, at most 80 characters. */
export function shownText(text: string): string {
  const shown = escapeUntrusted(text);
  return `"${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}"`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Free text a card may carry: a non-empty string without control characters, or null. */
export function cardText(value: unknown, notes: string[], label: string): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const { text, cleaned } = cleanText(value);
  if (cleaned) notes.push(`control characters removed from its ${label}`);
  return text.trim() === '' ? null : text;
}

/** The most a display name may hold (model/fields.ts), in UTF-16 units as zod counts them. */
const MAX_NAME = 200;

/**
 * A one-line name (a display name): cleaned like any text, then lines and runs of spaces folded into one space and
 * cut at a whole character to the 200 characters a display name may hold (a note says so). Null when nothing
 * readable is left.
 */
export function cardName(value: unknown, notes: string[], label = 'name'): string | null {
  const text = cardText(value, notes, label);
  if (text === null) return null;
  let line = text.replace(/\s+/g, ' ').trim();
  if (line.length > MAX_NAME) {
    let cut = '';
    for (const char of line) {
      if (cut.length + char.length > MAX_NAME) break;
      cut += char;
    }
    line = cut.trim();
    notes.push(`${label} cut to ${MAX_NAME} characters`);
  }
  return line || null;
}

/** A positive whole number of tokens, or null (never a guess). */
export function tokenCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 100_000_000
    ? value
    : null;
}

/** Capability words as the registry stores them (lower-case letters, digits and _), sorted and unique. */
export function capabilityWords(words: Iterable<string>): string[] {
  return [...new Set([...words].filter((w) => /^[a-z0-9_]{1,40}$/.test(w)))].sort();
}

/** A record's id after the adapter's own reading of it (Gemini strips `models/`), or null when it has none. */
type IdOf = (record: Record<string, unknown>) => string | null;

/**
 * The cards of a list: each record with a usable id becomes a card through `toCard` (which may add notes: what it
 * cleaned); the others are skipped with a warning. An id listed twice keeps the card whose record sorts first as
 * JSON, so the result never depends on the order of the answer. More skipped than kept: the list looks broken.
 */
export function cardsFromRecords(
  records: unknown[],
  options: {
    origin: string;
    idOf: IdOf;
    toCard: (record: Record<string, unknown>, id: string, notes: string[]) => ProviderCard;
  },
): { cards: ProviderCard[]; warnings: string[] } {
  const { origin } = options;
  const warnings: string[] = [];
  const byId = new Map<string, { json: string; record: Record<string, unknown> }[]>();
  let invalid = 0;
  let valid = 0;
  for (const [i, raw] of records.entries()) {
    const record =
      raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
    const id = record ? options.idOf(record) : null;
    if (!record || id === null || !isModelId(id)) {
      invalid++;
      if (invalid <= MAX_CARD_WARNINGS) {
        const why =
          id === null || id.trim() === ''
            ? 'has no id'
            : `has the id ${shownText(id)}, which breaks the model-id rule (${MODEL_ID_RULE})`;
        warnings.push(`${origin}: card ${i} ${why}; skipped`);
      }
      continue;
    }
    valid++;
    byId.set(id, [...(byId.get(id) ?? []), { json: JSON.stringify(record), record }]);
  }
  if (invalid > MAX_CARD_WARNINGS)
    warnings.push(`${origin}: ${invalid} cards in all had no usable id and were skipped`);
  if (invalid > 0 && invalid >= valid) {
    throw new RegistryError(
      'provider',
      `${origin}: ${invalid} of ${invalid + valid} cards have no usable id; the list looks broken. Nothing was changed.`,
    );
  }
  const cards: ProviderCard[] = [];
  let cleanedCards = 0;
  for (const [id, listed] of byId) {
    if (listed.length > 1) warnings.push(`${origin}: ${id} is listed ${listed.length} times; kept one`);
    const { record } = listed.sort((a, b) => compare(a.json, b.json))[0]!;
    const notes: string[] = [];
    cards.push(options.toCard(record, id, notes));
    if (notes.length > 0 && ++cleanedCards <= MAX_CARD_WARNINGS)
      warnings.push(`${origin}: ${id}: ${notes.join('; ')}`);
  }
  if (cleanedCards > MAX_CARD_WARNINGS)
    warnings.push(`${origin}: ${cleanedCards} cards in all had text cleaned`);
  cards.sort((a, b) => compare(a.modelId, b.modelId));
  return { cards, warnings };
}
