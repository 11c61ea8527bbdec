// A model's price per 1M tokens and where it came from, as one rule: an admin's override first, then the provider's
// own answer, then the bundled price catalog (lifecycle/price-catalog.ts), otherwise unknown. Unknown is null, never 0; 0 is
// free. The two sides (input, output) are one pair with one source. Pure: no database, no catalog import, so the
// dashboard's client components can format prices with it.
import type { Model, StoredPrice } from '../../../db/schema';

/** The unit of every price the registry stores and serves. */
export const PRICE_UNIT = 'USD per 1M tokens';

/** `admin`, `provider` or `catalog:<package>@<version>`. */
export type PriceSource = 'admin' | 'provider' | `catalog:${string}`;

/** Two prices as decimal text (USD per 1M tokens), null where unknown. */
export type PricePair = { input: string | null; output: string | null };

/** A price with its source; `source` is null exactly when both sides are unknown. */
export type SourcedPrice = PricePair & { source: PriceSource | null };

export const UNKNOWN_PRICE: SourcedPrice = { input: null, output: null, source: null };

/** The price columns a row carries, as the planners read them. */
export type PricedRow = Partial<
  Pick<Model, 'inputPricePerMtok' | 'outputPricePerMtok' | 'priceSource' | 'providerValues'>
>;

/** The columns of a price, in the order people read them (audit events name these). */
export const PRICE_FIELDS = ['inputPricePerMtok', 'outputPricePerMtok', 'priceSource'] as const;
export type PriceField = (typeof PRICE_FIELDS)[number];

/** The largest price numeric(14,6) holds, with the registry's 6 decimals. */
const MAX_PRICE = 99_999_999;

/** Prices are numeric(14,6) in the database ("2.500000"): equal numbers are the same price. */
export function samePrice(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  return x === null || y === null ? x === y : Number(x) === Number(y);
}

function samePricePair(a: PricePair, b: PricePair): boolean {
  return samePrice(a.input, b.input) && samePrice(a.output, b.output);
}

/** "2.500000" → "2.5": a stored price as the registry writes it everywhere else (JSON, exports, events). */
export function priceText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const [whole = '0', fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}` : whole;
}

/**
 * A price a provider or the catalog gives (a number, or a number's text, USD per 1M tokens) as decimal text, or why
 * it is not one. Not a number, negative or beyond what the column holds: a problem, never 0.
 */
export function readPrice(value: unknown): { price: string } | { problem: string } {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    return { problem: `${JSON.stringify(value) ?? String(value)} is not a number` };
  if (number < 0) return { problem: `${number} is negative` };
  if (number > MAX_PRICE) return { problem: `${number} is more than ${MAX_PRICE}` };
  // Six decimals, as the column keeps them; toFixed avoids 1e-7 notation.
  return { price: priceText(number.toFixed(6)) as string };
}

/** The live price of a row. A row written before prices had sources counts its known prices as an admin's. */
export function livePrice(row: PricedRow): SourcedPrice {
  const input = priceText(row.inputPricePerMtok);
  const output = priceText(row.outputPricePerMtok);
  const source = (row.priceSource ?? null) as PriceSource | null;
  return { input, output, source: source ?? (input === null && output === null ? null : 'admin') };
}

/**
 * The price a seed found for a row (the provider's or the catalog's), kept beside an admin's so the dashboard can show
 * both and "use the provider/catalog price" needs no provider call. Rows that never stored it: a non-admin live price
 * is the seed's own; under an admin's price it is unknown until the next seed.
 */
export function keptPrice(row: PricedRow): SourcedPrice {
  const stored = row.providerValues?.price;
  if (stored !== undefined) return stored === null ? UNKNOWN_PRICE : (stored as SourcedPrice);
  const live = livePrice(row);
  return live.source === 'admin' ? UNKNOWN_PRICE : live;
}

/** How a price is stored in provider_values: null while unknown. */
export function storedPrice(price: SourcedPrice): StoredPrice | null {
  return price.source === null ? null : { input: price.input, output: price.output, source: price.source };
}

/**
 * The source of a pair a person set: the seed's own (provider, catalog or unknown) when the pair is exactly that,
 * otherwise `admin` — as setting an overridable field to the provider's value stops overriding it.
 */
export function editedPriceSource(pair: PricePair, kept: SourcedPrice): PriceSource | null {
  return samePricePair(pair, kept) ? kept.source : 'admin';
}

/** A price for people: "$2.50", "Free" for 0, "unknown" for null (never "$0" for an unknown price). */
export function formatPrice(value: string | null | undefined): string {
  if (value === null || value === undefined) return 'unknown';
  const number = Number(value);
  if (number === 0) return 'Free';
  return `$${number.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })}`;
}

/** A source for people: "admin", "provider", or the catalog's name with its version. */
export function formatPriceSource(source: string | null | undefined): string {
  if (!source) return 'unknown';
  return source.startsWith('catalog:') ? `catalog ${source.slice('catalog:'.length)}` : source;
}

/** The short label beside a price in tables: "admin", "provider", "catalog". */
export function priceSourceLabel(source: string | null | undefined): string {
  if (!source) return '';
  return source.startsWith('catalog:') ? 'catalog' : source;
}

/** The price a seed finds for a card: the provider's own answer, else the catalog's, else unknown. Never an admin's. */
export function seedPrice(card: { price?: PricePair }, catalog: SourcedPrice | null): SourcedPrice {
  if (card.price && (card.price.input !== null || card.price.output !== null))
    return { input: card.price.input, output: card.price.output, source: 'provider' };
  return catalog ?? UNKNOWN_PRICE;
}

/** A seed's change to a price column: of the live value, or (under an admin's price) of the seed's kept one. */
export type PriceChange = {
  field: PriceField;
  before: string | null;
  after: string | null;
  scope: 'value' | 'provider';
};

function priceChanges(before: SourcedPrice, after: SourcedPrice, scope: PriceChange['scope']): PriceChange[] {
  const changes: PriceChange[] = [];
  if (!samePrice(before.input, after.input))
    changes.push({ field: 'inputPricePerMtok', before: before.input, after: after.input, scope });
  if (!samePrice(before.output, after.output))
    changes.push({ field: 'outputPricePerMtok', before: before.output, after: after.output, scope });
  if (before.source !== after.source)
    changes.push({ field: 'priceSource', before: before.source, after: after.source, scope });
  return changes;
}

/**
 * What a seed does to a row's price: an admin's stays and only the seed's price kept beside it moves; any other is
 * refreshed like the provider's other fields. No change when the price found is the one the row has.
 */
export function refreshPrice(
  row: PricedRow,
  found: SourcedPrice,
): { live: SourcedPrice; changes: PriceChange[] } {
  const live = livePrice(row);
  if (live.source === 'admin') return { live, changes: priceChanges(keptPrice(row), found, 'provider') };
  return { live: found, changes: priceChanges(live, found, 'value') };
}

/** What the dashboard shows of a row's price: its source, and under an admin's price the seed's one beside it. */
export function priceView(row: PricedRow): { priceSource: string | null; seedPrice: SourcedPrice | null } {
  const live = livePrice(row);
  return { priceSource: live.source, seedPrice: live.source === 'admin' ? keptPrice(row) : null };
}
