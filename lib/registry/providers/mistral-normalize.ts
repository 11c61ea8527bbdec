// Validates and normalises a Mistral `GET /v1/models` body: strict where it matters (every card has an id),
// tolerant of drift (missing optional fields, unknown flags, extra fields, an id listed twice). Provider text is
// untrusted: ids and aliases that break the model-id rule are skipped, free text loses its control characters,
// and each is a warning naming the card (escaped); only a list that is broken as a whole is refused.
import { z } from 'zod';
import { RegistryError, type RegistryErrorKind } from '../errors';
import { isModelId, MODEL_ID_RULE } from '../model/fields';
import { cleanText, escapeUntrusted } from '../model/text';
import { deriveModelType, enabledCapabilities } from '../model/type';
import type { CatalogSource, ProviderCard, ProviderCatalog } from '../types';

/** A card as the normaliser reads it: its known fields made safe to read, and every other field the provider sent. */
type RawCard = {
  id: string;
  name: string | null;
  description: string | null;
  aliases: string[];
  capabilities: Record<string, unknown>;
  max_context_length: number | null;
  deprecation?: unknown;
  deprecation_replacement_model: string | null;
  [field: string]: unknown;
};

/** Free text a card may carry: a string with something besides spaces, else null. */
const nullableString = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);

const KNOWN_FIELDS = new Set([
  'id',
  'name',
  'description',
  'aliases',
  'capabilities',
  'max_context_length',
  'deprecation',
  'deprecation_replacement_model',
]);

/**
 * Reads one card, strictly where it matters (it is an object with an id that follows the registry's one model-id
 * rule, once trimmed) and tolerantly elsewhere (a field of the wrong type reads as absent, unknown fields are kept);
 * null for a card to skip. Read by hand rather than by a schema: a list holds tens of thousands of cards, and a
 * schema's per-card bookkeeping was most of a 50,000-card seed's garbage. The fields come out in this order, the
 * unknown ones last in the card's own order: duplicates are merged in the order of their JSON (mergeDuplicates).
 */
function readCard(raw: unknown): RawCard | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const input = raw as Record<string, unknown>;
  if (typeof input.id !== 'string') return null;
  const id = input.id.trim();
  if (!isModelId(id)) return null;
  // Assigned in this order: the known fields as the card was always read (`deprecation` only when it is there),
  // then the unknown ones in the card's own order.
  const card = {
    id,
    name: nullableString(input.name),
    description: nullableString(input.description),
    aliases: Array.isArray(input.aliases)
      ? input.aliases.filter((a): a is string => typeof a === 'string')
      : [],
    capabilities:
      input.capabilities && typeof input.capabilities === 'object' && !Array.isArray(input.capabilities)
        ? (input.capabilities as Record<string, unknown>)
        : {},
    max_context_length:
      typeof input.max_context_length === 'number' &&
      Number.isInteger(input.max_context_length) &&
      input.max_context_length > 0
        ? input.max_context_length
        : null,
  } as RawCard;
  if ('deprecation' in input) card.deprecation = input.deprecation;
  card.deprecation_replacement_model = nullableString(input.deprecation_replacement_model);
  for (const key in input) if (!KNOWN_FIELDS.has(key)) card[key] = input[key];
  return card;
}

const bodySchema = z.looseObject({ data: z.array(z.unknown()) });

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Merges cards listed twice: the union of aliases and flags, and for scalars the first non-null value in a
 * canonical order (the cards' JSON sorted), so the result never depends on the order of the response. */
function mergeDuplicates(cards: RawCard[]): RawCard {
  const ordered = [...cards].sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
  const first = <K extends keyof RawCard>(key: K) =>
    ordered.map((c) => c[key]).find((v) => v !== null && v !== undefined);
  const capabilities: Record<string, unknown> = {};
  for (const card of ordered) {
    for (const [flag, on] of Object.entries(card.capabilities)) if (on === true) capabilities[flag] = true;
  }
  return {
    ...ordered[0]!,
    name: first('name') ?? null,
    description: first('description') ?? null,
    aliases: [...new Set(ordered.flatMap((c) => c.aliases))],
    capabilities,
    max_context_length: first('max_context_length') ?? null,
    deprecation: first('deprecation') ?? null,
    deprecation_replacement_model: first('deprecation_replacement_model') ?? null,
  };
}

/** Warnings per kind (skipped cards, cleaned cards) before they are only counted: a hostile list stays readable. */
const MAX_CARD_WARNINGS = 10;

/** A card's id as a warning may name it: escaped (\u001b), quoted, at most 80 characters. */
function shownId(id: string): string {
  const shown = escapeUntrusted(id);
  return `"${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}"`;
}

/** Why a card that failed the schema has no usable id, naming the id when it has one. */
function whyNoId(raw: unknown): string {
  const id = (raw as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id.trim() === '') return 'has no id';
  return `has the id ${shownId(id)}, which breaks the model-id rule (${MODEL_ID_RULE})`;
}

/**
 * Cleans one card in place: control characters out of its free text, aliases and a replacement id that break
 * the model-id rule dropped. Returns what was done, for the card's warning.
 */
function cleanCard(card: RawCard): string[] {
  const notes: string[] = [];
  const cleanField = (field: 'name' | 'description' | 'deprecation_replacement_model', label: string) => {
    const value = card[field];
    if (value === null) return;
    const { text, cleaned } = cleanText(value);
    if (!cleaned) return;
    card[field] = text.trim() === '' ? null : text;
    notes.push(`control characters removed from its ${label}`);
  };
  cleanField('name', 'name');
  cleanField('description', 'description');
  cleanField('deprecation_replacement_model', 'deprecation replacement');
  const replacement = card.deprecation_replacement_model;
  if (replacement !== null && !isModelId(replacement)) {
    card.deprecation_replacement_model = null;
    notes.push(`deprecation replacement ${shownId(replacement)} breaks the model-id rule; dropped`);
  }
  const dropped = card.aliases.filter((alias) => !isModelId(alias));
  if (dropped.length > 0) {
    card.aliases = card.aliases.filter((alias) => isModelId(alias));
    notes.push(
      `${dropped.length > 1 ? 'aliases' : 'alias'} ${dropped.map(shownId).join(', ')} ${dropped.length > 1 ? 'break' : 'breaks'} the model-id rule; dropped`,
    );
  }
  return notes;
}

/**
 * Normalises a body into a catalog. `kind` is the error kind for a body that cannot be used: 'provider' for an
 * API answer, 'input' for an operator's file. `origin` names it in messages.
 */
export function normalizeMistralModelList(
  body: unknown,
  source: CatalogSource,
  options: { kind: RegistryErrorKind; origin: string },
): ProviderCatalog {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    throw new RegistryError(
      options.kind,
      `${options.origin} is not a model list: expected a JSON object with a "data" array (${parsed.error.issues[0]?.message ?? 'invalid'}). Nothing was changed.`,
    );
  }
  const warnings: string[] = [];
  const valid: RawCard[] = [];
  let invalid = 0;
  let cleanedCards = 0;
  for (const [i, raw] of parsed.data.data.entries()) {
    const card = readCard(raw);
    if (card) {
      const notes = cleanCard(card);
      if (notes.length > 0 && ++cleanedCards <= MAX_CARD_WARNINGS)
        warnings.push(`${options.origin}: ${card.id}: ${notes.join('; ')}`);
      valid.push(card);
    } else {
      invalid++;
      if (invalid <= MAX_CARD_WARNINGS)
        warnings.push(`${options.origin}: card ${i} ${whyNoId(raw)}; skipped`);
    }
  }
  if (cleanedCards > MAX_CARD_WARNINGS)
    warnings.push(`${options.origin}: ${cleanedCards} cards in all had text or aliases cleaned`);
  if (invalid > MAX_CARD_WARNINGS)
    warnings.push(`${options.origin}: ${invalid} cards in all had no usable id and were skipped`);
  if (invalid > 0 && invalid >= valid.length) {
    throw new RegistryError(
      options.kind,
      `${options.origin}: ${invalid} of ${invalid + valid.length} cards have no usable id; the list looks broken. Nothing was changed.`,
    );
  }

  const byId = new Map<string, RawCard[]>();
  for (const card of valid) byId.set(card.id, [...(byId.get(card.id) ?? []), card]);
  const cards: ProviderCard[] = [];
  for (const [id, list] of byId) {
    if (list.length > 1)
      warnings.push(`${options.origin}: ${id} is listed ${list.length} times; merged into one`);
    const card = list.length > 1 ? mergeDuplicates(list) : list[0]!;
    let deprecation: string | null = null;
    if (typeof card.deprecation === 'string' && card.deprecation.trim() !== '') {
      const at = new Date(card.deprecation);
      if (Number.isNaN(at.getTime()))
        warnings.push(
          `${options.origin}: ${id} has an unreadable deprecation date "${escapeUntrusted(card.deprecation)}"; ignored`,
        );
      else deprecation = at.toISOString();
    }
    const capabilities = enabledCapabilities(card.capabilities);
    cards.push({
      modelId: id,
      groupName: card.name ?? id,
      aliases: [...new Set(card.aliases.filter((a) => a !== id))].sort(),
      description: card.description,
      contextLength: card.max_context_length,
      capabilities,
      type: deriveModelType(capabilities, id),
      deprecation,
      deprecationReplacement: card.deprecation_replacement_model,
    });
  }
  cards.sort((a, b) => compare(a.modelId, b.modelId));
  return { provider: 'mistral', source, cards, warnings };
}
