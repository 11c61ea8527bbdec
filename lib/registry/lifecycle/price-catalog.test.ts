import { readFileSync } from 'node:fs';
import { calcPrice, findProvider, type MatchLogic } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { CATALOG_PROVIDERS, CATALOG_SOURCE, catalogPrice, catalogPricer } from './price-catalog';

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

  it('prices every id any rule of the catalog names exactly as the catalog itself does (none is ruled out unasked)', () => {
    // The registry's providers and the catalog's; ids the rules name, in other cases, inside longer ids, and with
    // their dates unhyphenated (which the catalog writes with hyphens before trying again). An id none of the
    // catalog's rules could match is answered without asking it: this checks that no id it knows is among them.
    let priced = 0;
    for (const [provider, catalogProvider] of Object.entries(CATALOG_PROVIDERS)) {
      const texts: string[] = [];
      const collect = (rule: MatchLogic) => {
        if ('or' in rule) rule.or.forEach(collect);
        else if ('and' in rule) rule.and.forEach(collect);
        else if ('equals' in rule) texts.push(rule.equals);
        else if ('starts_with' in rule) texts.push(`${rule.starts_with}-x`);
        else if ('ends_with' in rule) texts.push(`x-${rule.ends_with}`);
        else if ('contains' in rule) texts.push(`x-${rule.contains}-x`);
      };
      for (const model of findProvider({ providerId: catalogProvider })?.models ?? []) collect(model.match);
      const ids = texts.flatMap((t) => [
        t,
        t.toUpperCase(),
        t.replace(/(\d{4})-(\d{2})-(\d{2})/g, '$1$2$3'),
        `${t}-x`,
        `x-${t}`,
      ]);
      expect(ids.length).toBeGreaterThan(20);
      for (const id of ids) {
        const found = calcPrice({ input_tokens: 0 }, id, { providerId: catalogProvider, timestamp: now });
        const known =
          found?.provider.id === catalogProvider &&
          (found.model_price.input_mtok !== undefined || found.model_price.output_mtok !== undefined);
        const price = catalogPrice(provider, { modelId: id, aliases: [] }, now);
        expect({ id, priced: price !== null }).toEqual({ id, priced: known });
        if (price) priced++;
      }
    }
    expect(priced).toBeGreaterThan(100);
  });
});
