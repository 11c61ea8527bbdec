import type { ModelFilter } from '@/lib/registry/queries';
import { MODEL_TYPES, modelTypeLabel } from '@/lib/registry/types';

const select = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

/** A plain GET form: filters live in the URL, work without JavaScript, and can be shared as links. */
export function ModelFilters({
  filter,
  providers,
  capabilities,
}: {
  filter: ModelFilter;
  providers: { id: string; name: string }[];
  capabilities: string[];
}) {
  // The provider in the URL stays chosen even when it has no models (yet): the menu says what the list shows.
  const providerOptions =
    filter.provider && !providers.some((p) => p.id === filter.provider)
      ? [...providers, { id: filter.provider, name: filter.provider }]
      : providers;
  return (
    <search aria-label="Filter models">
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
      >
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Search
          <input
            name="q"
            type="search"
            defaultValue={filter.q ?? ''}
            placeholder="id, name or alias"
            className="mt-1 w-56 rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900"
          />
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Provider
          <select name="provider" defaultValue={filter.provider ?? ''} className={`mt-1 ${select}`}>
            <option value="">Any</option>
            {providerOptions.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Type
          <select name="type" defaultValue={filter.type ?? ''} className={`mt-1 ${select}`}>
            <option value="">Any</option>
            {MODEL_TYPES.map((t) => (
              <option key={t} value={t}>
                {modelTypeLabel(t)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Status
          <select name="status" defaultValue={filter.status ?? ''} className={`mt-1 ${select}`}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Capability
          <select name="capability" defaultValue={filter.capability ?? ''} className={`mt-1 ${select}`}>
            <option value="">Any</option>
            {capabilities.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {(
          [
            ['deprecated', 'Deprecated'],
            ['retired', 'Retired'],
            ['edited', 'Admin-edited'],
          ] as const
        ).map(([name, label]) => (
          <label key={name} className="flex flex-col text-xs font-medium text-slate-600">
            {label}
            <select name={name} defaultValue={filter[name] ?? ''} className={`mt-1 ${select}`}>
              <option value="">Any</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          </label>
        ))}
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Review
          <select name="review" defaultValue={filter.review ?? ''} className={`mt-1 ${select}`}>
            <option value="">Any</option>
            <option value="awaiting">Awaiting review</option>
          </select>
        </label>
        <input type="hidden" name="sort" value={filter.sort} />
        <input type="hidden" name="dir" value={filter.dir} />
        <input type="hidden" name="perPage" value={filter.perPage} />
        <button
          type="submit"
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-800"
        >
          Apply filters
        </button>
        <a href="/admin/models" className="py-1.5 text-sm text-slate-600 underline">
          Clear
        </a>
      </form>
    </search>
  );
}
