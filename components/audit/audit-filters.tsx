// The audit log's filters: a plain GET form, so they live in the URL, work without JavaScript and can be shared.
import type { AuditFilter } from '@/lib/registry/audit/log';

const control = 'mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900';
const labelClass = 'flex flex-col text-xs font-medium text-slate-600';

export function AuditFilters({
  filter,
  actions,
  providers,
}: {
  filter: AuditFilter;
  actions: { value: string; label: string }[];
  /** Null for the account log, which has no provider. */
  providers: string[] | null;
}) {
  return (
    <search aria-label="Filter events">
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
      >
        <input type="hidden" name="log" value={filter.log} />
        <label className={labelClass}>
          Actor
          <input
            name="actor"
            type="search"
            defaultValue={filter.actor ?? ''}
            placeholder={filter.log === 'models' ? 'admin:ada@…, seed, cli' : 'admin:ada@…, cli'}
            aria-describedby="actor-hint"
            className={`${control} w-56 max-w-full`}
          />
        </label>
        <label className={labelClass}>
          Action
          <select name="action" defaultValue={filter.action ?? ''} className={control}>
            <option value="">Any</option>
            {actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        {providers && (
          <label className={labelClass}>
            Provider
            <select name="provider" defaultValue={filter.provider ?? ''} className={control}>
              <option value="">Any</option>
              {providers.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className={labelClass}>
          From (UTC)
          <input name="from" type="date" defaultValue={filter.from ?? ''} className={control} />
        </label>
        <label className={labelClass}>
          To (UTC)
          <input name="to" type="date" defaultValue={filter.to ?? ''} className={control} />
        </label>
        <button
          type="submit"
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-800"
        >
          Apply filters
        </button>
        <a href={`/admin/audit?log=${filter.log}`} className="py-1.5 text-sm text-slate-600 underline">
          Clear
        </a>
        <p id="actor-hint" className="basis-full text-xs text-slate-500">
          An actor matches exactly or by its start: <code>admin:</code> finds every admin, <code>cli</code>{' '}
          every command.
        </p>
      </form>
    </search>
  );
}
