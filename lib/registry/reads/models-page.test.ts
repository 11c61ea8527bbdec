// A write's filter is exact: every value must parse (naming the field), while a page's URL ignores what does not.
import { describe, expect, it } from 'vitest';
import { matchingFilter, modelFilterSchema, modelWriteFilterSchema, parseModelFilter } from './models-page';

describe('filters', () => {
  it.each([
    ['type', { type: 'embeddings' }],
    ['provider', { provider: 'Mistral AI' }],
    ['status', { status: 'ACTIVE' }],
    ['capability', { capability: 'vision!' }],
    ['q', { q: 'x'.repeat(201) }],
    ['deprecated', { deprecated: 'true' }],
  ])('a write refuses a filter whose %s does not parse', (field, filter) => {
    const parsed = modelWriteFilterSchema.safeParse(filter);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([field]);
  });

  it('a write refuses a field it does not know, instead of ignoring it', () => {
    expect(modelWriteFilterSchema.safeParse({ typ: 'chat' }).success).toBe(false);
  });

  it('a write accepts exact values, and no filter at all', () => {
    expect(
      modelWriteFilterSchema.parse({
        type: 'embedding',
        provider: 'mistral',
        status: 'active',
        capability: 'vision',
      }),
    ).toEqual({ type: 'embedding', provider: 'mistral', status: 'active', capability: 'vision' });
    expect(modelWriteFilterSchema.parse({})).toEqual({});
  });

  it('a page URL ignores what does not parse', () => {
    const shown = modelFilterSchema.parse({ type: 'embeddings', status: 'ACTIVE', provider: 'mistral' });
    expect(shown).toMatchObject({ type: undefined, status: undefined, provider: 'mistral', page: 1 });
  });
});

describe('the page view', () => {
  it('sorts by every column the page offers and falls back to the name for anything else', () => {
    for (const sort of ['provider', 'price', 'deprecation', 'updated', 'context'])
      expect(parseModelFilter({ sort }).sort).toBe(sort);
    expect(parseModelFilter({ sort: 'drop table' }).sort).toBe('name');
    expect(parseModelFilter({ perPage: '200' }).perPage).toBe(200);
    expect(parseModelFilter({ perPage: '7' }).perPage).toBe(50);
    expect(parseModelFilter({ group: 'yes' }).group).toBe('yes');
    expect(parseModelFilter({ group: 'maybe' }).group).toBeUndefined();
  });

  it('keeps only what selects models for a bulk edit: the view (sort, page, grouping) is not a filter', () => {
    const matching = matchingFilter(
      parseModelFilter({ q: 'large', sort: 'price', dir: 'desc', group: 'yes', page: '3', perPage: '25' }),
    );
    expect(modelWriteFilterSchema.parse(matching)).toEqual({ q: 'large' });
  });
});
