// A write's filter is exact: every value must parse (naming the field), while a page's URL ignores what does not.
import { describe, expect, it } from 'vitest';
import { modelFilterSchema, modelWriteFilterSchema } from './queries';

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
