// The bundled open price catalog (@pydantic/genai-prices, MIT): a model's price per 1M tokens when its provider does
// not say, matched on the provider and the model id, then each alias. Its data ships inside the package (no network:
// the package's auto-update is never enabled), so a lookup is pure for a given version and instant.
// Kept apart from prices.ts so that the ~0.8 MB of data stays out of the dashboard's client bundle.
import { calcPrice, type ModelPrice } from '@pydantic/genai-prices';
import packageJson from '../../package.json' with { type: 'json' };
import type { PriceSource, SourcedPrice } from './prices';
import { readPrice } from './prices';

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
const CATALOG_PROVIDERS: Readonly<Record<string, string>> = {
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

/** The catalog's text-token price of `modelId` at `now`, or null when it does not know the model. */
function lookup(catalogProvider: string, modelId: string, now: Date): SourcedPrice | null {
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
