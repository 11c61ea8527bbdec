// The bundled open price catalog (@pydantic/genai-prices, MIT): a model's price per 1M tokens when its provider does
// not say, matched on the provider and the model id, then each alias. Its data ships inside the package (no network:
// the package's auto-update is never enabled), so a lookup is pure for a given version and instant.
// Kept apart from model/prices.ts so that the ~0.8 MB of data stays out of the dashboard's client bundle.
import { calcPrice, findProvider, type MatchLogic, type ModelPrice } from '@pydantic/genai-prices';
import packageJson from '../../../package.json' with { type: 'json' };
import type { PriceSource, SourcedPrice } from '../model/prices';
import { readPrice } from '../model/prices';

const CATALOG_PACKAGE = '@pydantic/genai-prices';

/**
 * `catalog:@pydantic/genai-prices@0.1.8`: read from the exact version package.json pins (the package does not
 * export its own), which package-lock.json installs; a unit test checks both agree with node_modules.
 */
export const CATALOG_SOURCE: PriceSource = `catalog:${CATALOG_PACKAGE}@${packageJson.dependencies[CATALOG_PACKAGE]}`;

/**
 * The catalog's provider for each registry provider it prices. Ollama and declared OpenAI-compatible servers host
 * whatever their operator runs: no catalog price applies to them.
 */
export const CATALOG_PROVIDERS: Readonly<Record<string, string>> = {
  mistral: 'mistral',
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  groq: 'groq',
  together: 'together',
  openrouter: 'openrouter',
};

/** A side of the catalog's price: a flat number, or tiered prices (their base tier: what a short request costs). */
function side(value: ModelPrice[string]): string | null {
  const number = typeof value === 'object' && value !== null ? value.base : value;
  if (number === undefined) return null;
  const read = readPrice(number);
  return 'price' in read ? read.price : null;
}

/**
 * An id as the catalog's rules compare it (lower case, trimmed), without hyphens: the catalog also tries an id with
 * its date written with hyphens (`-20240101` → `-2024-01-01`), and an id that matches a rule with them matches its
 * unhyphenated form without them.
 */
const comparable = (text: string) => text.toLowerCase().trim().replaceAll('-', '');

/**
 * Whether a match rule of the catalog could match an id (given as `comparable`): false only when it cannot. An
 * equals, starts_with, ends_with or contains rule matches only an id that holds its text in that place, in any case;
 * a regex (or a kind of rule this does not know) may match any id. A seed can bring 50,000 ids the catalog does not
 * know, and asking it about one is a scan of every rule of the provider (~3 µs and ~12 KB of garbage).
 */
function couldMatch(rule: MatchLogic): (id: string) => boolean {
  if ('or' in rule) {
    const any = rule.or.map(couldMatch);
    return (id) => any.some((could) => could(id));
  }
  if ('and' in rule) {
    const all = rule.and.map(couldMatch);
    return (id) => all.every((could) => could(id));
  }
  if ('equals' in rule && typeof rule.equals === 'string') {
    const text = comparable(rule.equals);
    return (id) => id === text;
  }
  if ('starts_with' in rule && typeof rule.starts_with === 'string') {
    const text = comparable(rule.starts_with);
    return (id) => id.startsWith(text);
  }
  if ('ends_with' in rule && typeof rule.ends_with === 'string') {
    const text = comparable(rule.ends_with);
    return (id) => id.endsWith(text);
  }
  if ('contains' in rule && typeof rule.contains === 'string') {
    const text = comparable(rule.contains);
    return (id) => id.includes(text);
  }
  return () => true;
}

/** Whether any model of a catalog provider, or of the providers it falls back on, could match an id. */
function couldKnow(catalogProvider: string): (id: string) => boolean {
  const checks: ((id: string) => boolean)[] = [];
  const seen = new Set<string>();
  const visit = (providerId: string) => {
    if (seen.has(providerId)) return;
    seen.add(providerId);
    const provider = findProvider({ providerId });
    if (!provider) return;
    for (const model of provider.models) checks.push(couldMatch(model.match));
    for (const fallback of provider.fallback_model_providers ?? []) visit(fallback);
  };
  visit(catalogProvider);
  return (id) => checks.some((could) => could(id));
}

const knowable = new Map<string, (id: string) => boolean>();

/** Whether the catalog could know `modelId`: false only when none of its rules can match it. */
function mayKnow(catalogProvider: string, modelId: string): boolean {
  let could = knowable.get(catalogProvider);
  if (!could) {
    could = couldKnow(catalogProvider);
    knowable.set(catalogProvider, could);
  }
  return could(comparable(modelId));
}

/** The catalog's text-token price of `modelId` at `now`, or null when it does not know the model. */
function lookup(catalogProvider: string, modelId: string, now: Date): SourcedPrice | null {
  if (!mayKnow(catalogProvider, modelId)) return null;
  // calcPrice picks the model by the catalog's own match rules and the price in force at `now`; the usage is only
  // there to satisfy it: the per-1M prices are read from `model_price`, not from the computed cost.
  const found = calcPrice({ input_tokens: 0 }, modelId, { providerId: catalogProvider, timestamp: now });
  if (!found || found.provider.id !== catalogProvider) return null;
  const input = side(found.model_price.input_mtok);
  const output = side(found.model_price.output_mtok);
  if (input === null && output === null) return null;
  return { input, output, source: CATALOG_SOURCE };
}

type Lookup = typeof lookup;

function priceOf(
  lookupOne: Lookup,
  provider: string,
  card: { modelId: string; aliases: readonly string[] },
  now: Date,
): SourcedPrice | null {
  const catalogProvider = CATALOG_PROVIDERS[provider];
  if (!catalogProvider) return null;
  for (const id of [card.modelId, ...card.aliases]) {
    const price = lookupOne(catalogProvider, id, now);
    if (price) return price;
  }
  return null;
}

/** The catalog's price of a provider's model, by its id and then its aliases; null when the catalog has none. */
export function catalogPrice(
  provider: string,
  card: { modelId: string; aliases: readonly string[] },
  now: Date,
): SourcedPrice | null {
  return priceOf(lookup, provider, card, now);
}

/**
 * catalogPrice for one seed: the same answers, each id looked up once. A seed asks about every card by its id and
 * its aliases, and an alias by the model it serves first, so most ids are asked two or three times; a miss (an id
 * the catalog does not know) costs a scan of the provider's match rules, ~3 µs. The memory goes with the seed.
 */
export function catalogPricer(): typeof catalogPrice {
  const known = new Map<string, SourcedPrice | null>();
  const remembered: Lookup = (catalogProvider, modelId, now) => {
    const key = `${catalogProvider}\n${now.getTime()}\n${modelId}`;
    let price = known.get(key);
    if (price === undefined) {
      price = lookup(catalogProvider, modelId, now);
      known.set(key, price);
    }
    return price;
  };
  return (provider, card, now) => priceOf(remembered, provider, card, now);
}
