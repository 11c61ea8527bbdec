import { describe, expect, it } from 'vitest';
import {
  editedPriceSource,
  formatPrice,
  formatPriceSource,
  keptPrice,
  livePrice,
  readPrice,
  samePrice,
  UNKNOWN_PRICE,
} from './prices';

describe('prices', () => {
  it('shows unknown as "unknown", 0 as free, and a price in dollars', () => {
    expect(formatPrice(null)).toBe('unknown');
    expect(formatPrice('0.000000')).toBe('Free');
    expect(formatPrice('2.500000')).toBe('$2.50');
    expect(formatPrice('0.0123')).toBe('$0.0123');
    expect(formatPrice('1200')).toBe('$1,200.00');
    expect(formatPriceSource('catalog:@pydantic/genai-prices@0.1.8')).toBe(
      'catalog @pydantic/genai-prices@0.1.8',
    );
    expect(formatPriceSource(null)).toBe('unknown');
  });

  it('reads a provider price as decimal text, and refuses what is not one instead of calling it 0', () => {
    expect(readPrice(0.88)).toEqual({ price: '0.88' });
    expect(readPrice('1.2')).toEqual({ price: '1.2' });
    expect(readPrice(0)).toEqual({ price: '0' });
    expect(readPrice(1e-7)).toEqual({ price: '0' });
    for (const bad of ['free', '', null, undefined, Number.NaN, {}, -1, 1e12])
      expect(readPrice(bad)).toHaveProperty('problem');
  });

  it('compares prices as numbers', () => {
    expect(samePrice('2.500000', '2.5')).toBe(true);
    expect(samePrice(null, '0')).toBe(false);
    expect(samePrice(undefined, null)).toBe(true);
  });

  it('keeps the seed’s price beside an admin’s, and derives it for rows that never stored it', () => {
    const catalog = { input: '2.5', output: '10', source: 'catalog:x@1' as const };
    expect(keptPrice({ providerValues: { price: catalog } as never, priceSource: 'admin' })).toEqual(catalog);
    expect(
      keptPrice({ inputPricePerMtok: '2.500000', outputPricePerMtok: '10.000000', priceSource: 'provider' }),
    ).toEqual({ input: '2.5', output: '10', source: 'provider' });
    expect(keptPrice({ inputPricePerMtok: '3', outputPricePerMtok: null, priceSource: 'admin' })).toEqual(
      UNKNOWN_PRICE,
    );
    // A price stored before sources existed is an admin's.
    expect(livePrice({ inputPricePerMtok: '3', outputPricePerMtok: null, priceSource: null }).source).toBe(
      'admin',
    );
  });

  it('makes a pair a person sets an admin price, unless it is the seed’s own', () => {
    const catalog = { input: '2.5', output: '10', source: 'catalog:x@1' as const };
    expect(editedPriceSource({ input: '3', output: '10' }, catalog)).toBe('admin');
    expect(editedPriceSource({ input: '2.50', output: '10.0' }, catalog)).toBe('catalog:x@1');
    expect(editedPriceSource({ input: null, output: null }, UNKNOWN_PRICE)).toBeNull();
    expect(editedPriceSource({ input: null, output: null }, catalog)).toBe('admin');
  });
});
