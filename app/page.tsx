// The registry at a glance: how many models, active / inactive, and when the last seed ran and how it ended.
import type { Metadata } from 'next';
import { SeedRunSummary } from '@/components/seed-run-summary';
import { StatCard } from '@/components/stat-card';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import { type RegistryOverview, registryOverview } from '@/lib/registry/reads/overview';
import { modelTypeLabel } from '@/lib/registry/types';

// The root page shares the root layout's segment, where the title template does not apply: say it whole.
export const metadata: Metadata = { title: { absolute: 'Overview · Model Registry' } };

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  await requireUser();
  let overview: RegistryOverview;
  try {
    overview = await registryOverview(await getServerDb());
  } catch (error) {
    console.error('home page: could not read the registry', error);
    return (
      <section role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
        <h1 className="text-lg font-semibold text-red-900">The registry cannot be read right now</h1>
        <p className="mt-2 text-sm text-red-800">
          {error instanceof Error ? error.message : 'Unknown error.'} Run <code>npm run models:doctor</code>{' '}
          for a full diagnosis.
        </p>
      </section>
    );
  }

  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-2xl font-semibold tracking-tight">The registry at a glance</h1>
        <p className="mt-1 text-sm text-slate-600">
          What the chat platform may offer: active models that the provider still lists.{' '}
          <a href="/admin/models" className="underline">
            Manage models
          </a>
        </p>
      </section>
      {overview.total === 0 ? (
        <section className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-amber-900">
          <h2 className="font-semibold">No models yet</h2>
          <p className="mt-1 text-sm">
            Run <code>npm run models:deploy</code> to seed the registry from the provider.
          </p>
        </section>
      ) : (
        <section aria-label="Model counts" className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <StatCard label="Models" value={overview.total} />
          <StatCard label="Active" value={overview.active} tone="green" />
          <StatCard label="Inactive" value={overview.inactive} tone="slate" />
          <StatCard
            label="Retired"
            value={overview.retired}
            tone="amber"
            hint="no longer listed by the provider"
          />
        </section>
      )}
      {overview.awaitingReview > 0 && (
        <section
          aria-label="Awaiting review"
          className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-indigo-200 bg-indigo-50 p-4 text-indigo-900"
        >
          <p className="text-sm">
            <strong className="text-lg tabular-nums">{overview.awaitingReview}</strong>{' '}
            {overview.awaitingReview === 1 ? 'model' : 'models'} added by a sync{' '}
            {overview.awaitingReview === 1 ? 'awaits' : 'await'} review:{' '}
            {overview.awaitingReview === 1 ? 'its' : 'their'} status is the default for new models, not an
            admin's choice.
          </p>
          <a
            href="/admin/models?review=awaiting"
            className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800"
          >
            Review them
          </a>
        </section>
      )}
      {overview.byType.length > 0 && (
        <section className="rounded-lg border border-slate-200 bg-white">
          <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">Offered by type</h2>
          <table className="w-full text-sm">
            <thead className="text-left text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Type
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Offered
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  All
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.byType.map((row) => (
                <tr key={row.type} className="border-t border-slate-100">
                  <td className="px-4 py-2">{modelTypeLabel(row.type)}</td>
                  <td className="px-4 py-2 tabular-nums">{row.offered}</td>
                  <td className="px-4 py-2 tabular-nums">{row.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <SeedRunSummary title="Last seed run" run={overview.lastRun} />
      {overview.lastApplied && overview.lastApplied.id !== overview.lastRun?.id && (
        <SeedRunSummary title="Last applied seed" run={overview.lastApplied} />
      )}
    </div>
  );
}
