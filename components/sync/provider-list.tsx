// The Sync page's Providers section: each provider a sync reads or that has models, and how its syncs are going.
// A list of labelled cards (not a table): it reads the same at 390 px, and the page keeps one table, the log.
import type { ProviderStatus } from '@/lib/registry/sync/provider-status';

const utc = (date: Date) => `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;

function Badge({ status }: { status: ProviderStatus }) {
  const run = status.lastRun;
  const [label, style] = !status.syncedFrom
    ? ['Not configured', 'bg-slate-100 text-slate-700']
    : !run
      ? ['Never synced', 'bg-amber-100 text-amber-900']
      : run.outcome === 'failed'
        ? ['Last sync failed', 'bg-red-100 text-red-800']
        : [`Last sync ${run.outcome}`, 'bg-emerald-100 text-emerald-800'];
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${style}`}>{label}</span>;
}

function configuration(status: ProviderStatus): string {
  if (status.syncedFrom === 'catalog') return 'Bundled offline catalog (no provider is configured)';
  if (status.configured) return `Configured by ${status.enabledBy}`;
  const enable =
    status.kind === 'undeclared' ? `declare "${status.id}" in PROVIDERS_PATH` : `set ${status.enabledBy}`;
  return `Not configured: ${enable} to sync it. Its models are kept as they are, not synced.`;
}

export function ProviderList({ providers }: { providers: ProviderStatus[] }) {
  return (
    <section aria-labelledby="providers-heading" className="rounded-lg border border-slate-200 bg-white">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="providers-heading" className="text-sm font-semibold">
          Providers
        </h2>
        <p className="text-xs text-slate-600">
          Every provider a sync reads, and every provider that has models here.
        </p>
      </div>
      {providers.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">
          No provider is configured and the registry has no models.
        </p>
      ) : (
        <ul className="grid gap-3 p-4 md:grid-cols-2 xl:grid-cols-3">
          {providers.map((p) => (
            <li
              key={p.id}
              aria-labelledby={`provider-${p.id}`}
              className={`rounded-md border p-3 text-sm ${p.lastRun?.outcome === 'failed' && p.syncedFrom ? 'border-red-200' : 'border-slate-200'}`}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 id={`provider-${p.id}`} className="font-medium">
                  {p.name} <span className="font-mono text-xs font-normal text-slate-500">{p.id}</span>
                </h3>
                <Badge status={p} />
              </div>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
                <dt className="text-slate-500">Configuration</dt>
                <dd className={p.syncedFrom ? '' : 'text-amber-900'}>{configuration(p)}</dd>
                <dt className="text-slate-500">Models</dt>
                <dd className="tabular-nums">
                  {p.models} ({p.offered} offered{p.retired ? `, ${p.retired} retired` : ''})
                </dd>
                <dt className="text-slate-500">Last synced</dt>
                <dd>{p.lastSyncedAt ? utc(p.lastSyncedAt) : 'never'}</dd>
                <dt className="text-slate-500">Last run</dt>
                <dd>
                  {p.lastRun
                    ? `${p.lastRun.outcome}, ${utc(p.lastRun.startedAt)} (${p.lastRun.trigger})`
                    : 'none'}
                </dd>
                {p.lastRun?.outcome === 'failed' && (
                  <>
                    <dt className="text-slate-500">Error</dt>
                    <dd className="whitespace-pre-wrap break-words text-red-700">{p.lastRun.error}</dd>
                  </>
                )}
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
