import { describe, expect, it } from 'vitest';
import { parseModelFilter } from '../../lib/registry/reads/models-page';
import { modelsHref, rangeLabel } from './href';

describe('modelsHref', () => {
  const filter = parseModelFilter({ q: 'large', sort: 'context', dir: 'desc', page: '3', perPage: '25' });

  it('keeps what was chosen, leaves defaults out of the link, and starts a new choice at page 1', () => {
    expect(modelsHref(filter, { type: 'chat' })).toBe(
      '/admin/models?q=large&type=chat&sort=context&dir=desc&perPage=25',
    );
    expect(modelsHref(filter, { page: 4 })).toBe(
      '/admin/models?q=large&sort=context&dir=desc&page=4&perPage=25',
    );
    expect(modelsHref(filter, { q: undefined, sort: 'name', dir: 'asc', perPage: 50 })).toBe('/admin/models');
  });
});

describe('rangeLabel', () => {
  it('says which rows a page shows, with thousands separated', () => {
    expect(rangeLabel(1, 50, 10_000)).toBe('1–50 of 10,000');
    expect(rangeLabel(200, 50, 10_000)).toBe('9,951–10,000 of 10,000');
    expect(rangeLabel(2, 25, 44)).toBe('26–44 of 44');
    expect(rangeLabel(1, 50, 0)).toBe('0 of 0');
  });
});
