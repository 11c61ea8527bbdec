import type { ModelFilter } from '@/lib/registry/reads/models-page';

/** Defaults stay out of the URL, so a shared link says only what was chosen. */
const DEFAULTS: Partial<Record<keyof ModelFilter, string>> = {
  sort: 'name',
  dir: 'asc',
  page: '1',
  perPage: '50',
};

/** The order keys appear in a link: what selects models, then how they are shown (every key: a new one fails here). */
const IN_ORDER: Record<keyof ModelFilter, true> = {
  q: true,
  provider: true,
  type: true,
  status: true,
  capability: true,
  deprecated: true,
  retired: true,
  edited: true,
  review: true,
  access: true,
  sort: true,
  dir: true,
  group: true,
  page: true,
  perPage: true,
};
const ORDER = Object.keys(IN_ORDER) as (keyof ModelFilter)[];

export type FilterChanges = Partial<Record<keyof ModelFilter, string | number | undefined>>;

/**
 * The Models page's URL for `filter` with `changes` applied (undefined removes a key). Anything but a page change
 * goes back to page 1: a new filter, sort or page size starts from the top.
 */
export function modelsHref(filter: ModelFilter, changes: FilterChanges = {}): string {
  const next: Record<string, unknown> = { ...filter, ...changes };
  if (!('page' in changes)) next.page = undefined;
  const params = new URLSearchParams();
  for (const key of ORDER) {
    const value = next[key];
    if (value === undefined || value === '' || value === null) continue;
    if (DEFAULTS[key] === String(value)) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `/admin/models?${query}` : '/admin/models';
}

/** The cookie holding a person's row density (compact or comfortable): a preference, not part of a link. */
export const DENSITY_COOKIE = 'mr-density';

const number = (n: number) => n.toLocaleString('en-US');

/** "1–50 of 10,000": the rows a page shows. */
export function rangeLabel(page: number, perPage: number, total: number): string {
  if (total === 0) return '0 of 0';
  const first = (page - 1) * perPage + 1;
  return `${number(first)}–${number(Math.min(total, page * perPage))} of ${number(total)}`;
}
