'use client';

import { useRouter } from 'next/navigation';
import { useId, useTransition } from 'react';
import type { ModelFilter } from '@/lib/registry/reads/models-page';
import { modelsHref, rangeLabel } from './href';

const link = 'rounded-md border border-slate-300 bg-white px-2.5 py-1 hover:bg-slate-100';
const off = 'rounded-md border border-slate-200 px-2.5 py-1 text-slate-400';

/** Rows per page: applies as chosen, back to page 1. */
export function PageSize({ filter, sizes }: { filter: ModelFilter; sizes: readonly number[] }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const id = useId();
  return (
    <span className="inline-flex items-center gap-2">
      <label htmlFor={id}>Rows per page</label>
      <select
        id={id}
        value={filter.perPage}
        onChange={(event) =>
          startTransition(() =>
            router.push(modelsHref(filter, { perPage: event.target.value }), { scroll: false }),
          )
        }
        className="rounded-md border border-slate-300 bg-white px-1.5 py-0.5 text-slate-900"
      >
        {sizes.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </span>
  );
}

/** First / previous / next / last, and a jump to any page; plain links and a GET form, so they work without JS. */
export function Pagination({
  filter,
  page,
  pageCount,
  total,
}: {
  filter: ModelFilter;
  page: number;
  pageCount: number;
  total: number;
}) {
  const jumpId = useId();
  const to = (n: number) => modelsHref(filter, { page: n });
  const step = (label: string, target: number, enabled: boolean, rel?: string) =>
    enabled ? (
      <a href={to(target)} className={link} rel={rel}>
        {label}
      </a>
    ) : (
      <span className={off} aria-disabled="true">
        {label}
      </span>
    );
  return (
    <nav
      aria-label="Pages"
      className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-700"
    >
      <p className="tabular-nums">{rangeLabel(page, filter.perPage, total)}</p>
      {pageCount > 1 && (
        <div className="flex flex-wrap items-center gap-2">
          {step('First', 1, page > 1)}
          {step('Previous', page - 1, page > 1, 'prev')}
          <form method="get" action="/admin/models" className="flex items-center gap-1.5">
            {Object.entries(filter).map(([key, value]) =>
              key === 'page' || value === undefined ? null : (
                <input key={key} type="hidden" name={key} value={String(value)} />
              ),
            )}
            <label htmlFor={jumpId}>Page</label>
            <input
              id={jumpId}
              name="page"
              type="number"
              inputMode="numeric"
              min={1}
              max={pageCount}
              defaultValue={page}
              key={page}
              className="w-16 rounded-md border border-slate-300 bg-white px-1.5 py-0.5 tabular-nums text-slate-900"
            />
            <span className="tabular-nums">of {pageCount.toLocaleString('en-US')}</span>
            <button type="submit" className={link}>
              Go
            </button>
          </form>
          {step('Next', page + 1, page < pageCount, 'next')}
          {step('Last', pageCount, page < pageCount)}
        </div>
      )}
    </nav>
  );
}
