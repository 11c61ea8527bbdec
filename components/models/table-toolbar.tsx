'use client';

import { useRouter } from 'next/navigation';
import { useId, useTransition } from 'react';
import type { ModelFilter, ModelSort } from '@/lib/registry/reads/models-page';
import { DENSITY_COOKIE, modelsHref } from './href';
import type { Density } from './model-table';
import { PageSize } from './pagination';

/** The sort choices where the column headers are not shown (the cards of a narrow screen). */
const SORT_LABELS: Record<ModelSort, string> = {
  name: 'Name',
  id: 'Model id',
  provider: 'Provider',
  type: 'Type',
  status: 'Status',
  context: 'Context',
  price: 'Input price',
  deprecation: 'Deprecation',
  updated: 'Last change',
};

/**
 * How the list shows: grouped or not (in the URL), compact or comfortable rows (a cookie: a person's preference,
 * not part of a shared link), rows per page, and — on a narrow screen, where the headers are hidden — the sort.
 */
export function TableToolbar({
  filter,
  density,
  pageSizes,
}: {
  filter: ModelFilter;
  density: Density;
  pageSizes: readonly number[];
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const sortId = useId();
  const grouped = filter.group === 'yes';
  const setDensity = (next: Density) => {
    // biome-ignore lint/suspicious/noDocumentCookie: a one-value preference; the Cookie Store API is not everywhere yet.
    document.cookie = `${DENSITY_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    startTransition(() => router.refresh());
  };
  const button = (active: boolean) =>
    `px-2 py-0.5 ${active ? 'bg-slate-900 text-white' : 'bg-white text-slate-700 hover:bg-slate-100'}`;
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm text-slate-700">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <button
          type="button"
          role="switch"
          aria-checked={grouped}
          onClick={() =>
            startTransition(() =>
              router.push(modelsHref(filter, { group: grouped ? undefined : 'yes' }), { scroll: false }),
            )
          }
          className="inline-flex items-center gap-2 rounded"
        >
          <span
            aria-hidden="true"
            className={`inline-flex h-4 w-7 items-center rounded-full p-0.5 transition ${grouped ? 'justify-end bg-slate-900' : 'justify-start bg-slate-300'}`}
          >
            <span className="h-3 w-3 rounded-full bg-white" />
          </span>
          Group ids of one model
        </button>
        <fieldset className="inline-flex items-center gap-2">
          <legend className="sr-only">Row density</legend>
          <span aria-hidden="true">Rows</span>
          <span className="inline-flex overflow-hidden rounded-md border border-slate-300">
            <button
              type="button"
              aria-pressed={density === 'compact'}
              onClick={() => setDensity('compact')}
              className={button(density === 'compact')}
            >
              Compact
            </button>
            <button
              type="button"
              aria-pressed={density === 'comfortable'}
              onClick={() => setDensity('comfortable')}
              className={`border-l border-slate-300 ${button(density === 'comfortable')}`}
            >
              Comfortable
            </button>
          </span>
        </fieldset>
        <span className="inline-flex items-center gap-2 lg:hidden">
          <label htmlFor={sortId}>Sort by</label>
          <select
            id={sortId}
            value={`${filter.sort}:${filter.dir}`}
            onChange={(event) => {
              const [sort, dir] = event.target.value.split(':');
              startTransition(() => router.push(modelsHref(filter, { sort, dir }), { scroll: false }));
            }}
            className="rounded-md border border-slate-300 bg-white px-1.5 py-0.5 text-slate-900"
          >
            {(Object.keys(SORT_LABELS) as ModelSort[]).flatMap((sort) =>
              (['asc', 'desc'] as const).map((dir) => (
                <option key={`${sort}:${dir}`} value={`${sort}:${dir}`}>
                  {SORT_LABELS[sort]} {dir === 'asc' ? '↑' : '↓'}
                </option>
              )),
            )}
          </select>
        </span>
      </div>
      <PageSize filter={filter} sizes={pageSizes} />
    </div>
  );
}
