// Validates and normalises a Mistral `GET /v1/models` body: strict where it matters (every card has an id),
// tolerant of drift (missing optional fields, unknown flags, extra fields, an id listed twice). Provider text is
// untrusted: ids and aliases that break the model-id rule are skipped, free text loses its control characters,
// and each is a warning naming the card (escaped); only a list that is broken as a whole is refused.
import { z } from 'zod';
import { RegistryError, type RegistryErrorKind } from '../errors';
import { isModelId, MODEL_ID_RULE, modelIdSchema } from '../fields';
import { deriveModelType, enabledCapabilities } from '../model-type';
import { cleanText, escapeUntrusted } from '../text';
import type { CatalogSource, ProviderCard, ProviderCatalog } from '../types';

const nullableString = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' && v.trim() !== '' ? v : null));

const cardSchema = z.looseObject({
  // The registry's one model-id rule: a card whose id breaks it is skipped with a warning, like one without an id.
  id: z.string().trim().pipe(modelIdSchema),
  name: nullableString,
  description: nullableString,
  aliases: z
    .unknown()
    .optional()
    .transform((v) => (Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : [])),
  capabilities: z
    .unknown()
    .optional()
    .transform((v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {},
    ),
  max_context_length: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null)),
  deprecation: z.unknown().optional(),
  deprecation_replacement_model: nullableString,
});

const bodySchema = z.looseObject({ data: z.array(z.unknown()) });

type RawCard = z.output<typeof cardSchema>;

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
    const card = cardSchema.safeParse(raw);
    if (card.success) {
      const notes = cleanCard(card.data);
      if (notes.length > 0 && ++cleanedCards <= MAX_CARD_WARNINGS)
        warnings.push(`${options.origin}: ${card.data.id}: ${notes.join('; ')}`);
      valid.push(card.data);
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
