import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG_SOURCE, catalogPrice, catalogPricer } from './price-catalog';

const now = new Date('2026-01-15T00:00:00Z');

describe('the bundled price catalog', () => {
  it('names the installed package and version as the source', () => {
    const installed = JSON.parse(
      readFileSync('node_modules/@pydantic/genai-prices/package.json', 'utf8'),
    ) as { version: string };
    expect(CATALOG_SOURCE).toBe(`catalog:@pydantic/genai-prices@${installed.version}`);
  });

  it('prices a provider model by its id, per 1M tokens, as decimal text', () => {
    expect(catalogPrice('openai', { modelId: 'gpt-4o', aliases: [] }, now)).toEqual({
      input: '2.5',
      output: '10',
      source: CATALOG_SOURCE,
    });
    // Registry provider ids map to the catalog's (gemini is Google there); tiered prices give their base tier.
    expect(catalogPrice('gemini', { modelId: 'gemini-2.5-pro', aliases: [] }, now)).toEqual({
      input: '1.25',
      output: '10',
      source: CATALOG_SOURCE,
    });
  });

  it('falls back to an alias when the id itself is unknown to the catalog', () => {
    expect(catalogPrice('openai', { modelId: 'my-house-name-for-it', aliases: [] }, now)).toBeNull();
    expect(
      catalogPrice('openai', { modelId: 'my-house-name-for-it', aliases: ['gpt-4o'] }, now),
    ).toMatchObject({
      input: '2.5',
      output: '10',
    });
  });

  it('keeps a side the catalog does not price unknown, never 0', () => {
    expect(catalogPrice('openai', { modelId: 'text-embedding-3-small', aliases: [] }, now)).toEqual({
      input: '0.02',
      output: null,
      source: CATALOG_SOURCE,
    });
  });

  it('knows nothing of providers it does not cover, nor of another provider’s models', () => {
    expect(catalogPrice('ollama', { modelId: 'gpt-4o', aliases: [] }, now)).toBeNull();
    expect(catalogPrice('my-vllm', { modelId: 'gpt-4o', aliases: [] }, now)).toBeNull();
    expect(catalogPrice('mistral', { modelId: 'gpt-4o', aliases: [] }, now)).toBeNull();
  });

  it('gives one seed the same answers when it remembers each id (asked again, by another card, or at another time)', () => {
    const pricer = catalogPricer();
    const later = new Date('2030-01-01T00:00:00Z');
    const asked: [string, { modelId: string; aliases: string[] }, Date][] = [
      ['openai', { modelId: 'gpt-4o', aliases: [] }, now],
      ['openai', { modelId: 'my-house-name-for-it', aliases: ['gpt-4o'] }, now],
      ['openai', { modelId: 'my-house-name-for-it', aliases: [] }, now],
      ['openai', { modelId: 'text-embedding-3-small', aliases: ['my-house-name-for-it'] }, now],
      ['gemini', { modelId: 'gemini-2.5-pro', aliases: [] }, now],
      ['mistral', { modelId: 'gpt-4o', aliases: [] }, now],
      ['ollama', { modelId: 'gpt-4o', aliases: [] }, now],
      ['openai', { modelId: 'gpt-4o', aliases: [] }, later],
    ];
    for (const [provider, card, at] of [...asked, ...asked]) {
      expect(pricer(provider, card, at)).toEqual(catalogPrice(provider, card, at));
    }
    expect(pricer('openai', { modelId: 'my-house-name-for-it', aliases: ['gpt-4o'] }, now)).not.toBeNull();
  });
});
