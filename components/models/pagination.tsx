import type { ModelFilter } from '@/lib/registry/queries';

function hrefFor(filter: ModelFilter, changes: Partial<ModelFilter>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...changes })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return `/admin/models?${params.toString()}`;
}

export function Pagination({
  filter,
  page,
  pageCount,
}: {
  filter: ModelFilter;
  page: number;
  pageCount: number;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between text-sm">
      {page > 1 ? (
        <a
          href={hrefFor(filter, { page: page - 1 })}
          className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100"
        >
          Previous
        </a>
      ) : (
        <span />
      )}
      <span className="text-slate-600">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a
          href={hrefFor(filter, { page: page + 1 })}
          className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100"
        >
          Next
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
