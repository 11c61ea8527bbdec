// The sync page: each provider and how its syncs are going, the seed_runs log, and (for admins) a preview of the
import type { Metadata } from 'next';
// next sync and a button to run it. Previews (dry runs) are listed too, badged "Preview"; `?previews=hide` lists
// seed runs only. (The server refuses to start with invalid provider declarations, so they are not handled here.)
import { DeliveryList } from '@/components/sync/delivery-list';
import { ProviderList } from '@/components/sync/provider-list';
import { SyncPanel } from '@/components/sync/sync-panel';
import { redactUrl } from '@/db/redact';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import { recentDeliveries, webhookSettingsFromEnv } from '@/lib/registry/automation/notify';
import { lastScheduledSlot, nextRuns, syncScheduleFromEnv } from '@/lib/registry/automation/schedule';
import { providerSetup } from '@/lib/registry/providers/registry';
import { previewsFromSearchParams, recentSeedRuns } from '@/lib/registry/reads/seed-runs';
import { providerStatuses } from '@/lib/registry/sync/provider-status';
import { syncTargets } from '@/lib/registry/sync/provider-sync';

export const metadata: Metadata = { title: 'Sync' };

export const dynamic = 'force-dynamic';

export default async function SyncPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const previews = previewsFromSearchParams(await searchParams);
  const db = await getServerDb();
  const setup = providerSetup(process.env);
  const statuses = await providerStatuses(db, setup);
  const [runs, deliveries, lastSlot] = await Promise.all([
    recentSeedRuns(db, { limit: 50, previews }),
    recentDeliveries(db),
    lastScheduledSlot(db),
  ]);
  const schedule = syncScheduleFromEnv(process.env);
  const utc = (date: Date) => `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  const next = schedule ? nextRuns(schedule, new Date())[0] : undefined;
  const webhook = webhookSettingsFromEnv(process.env);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sync</h1>
      <p className="text-sm text-slate-700">
        {schedule ? (
          <>
            Scheduled syncs: <code className="font-mono">{schedule.expression}</code> (UTC), next at{' '}
            {next ? utc(next) : 'never'}
            {lastSlot ? `; last scheduled sync ${utc(lastSlot)}` : ''}.
          </>
        ) : (
          <>
            Scheduled syncs are off: set <code className="font-mono">SYNC_SCHEDULE</code> to a cron expression
            to run them in the app{lastSlot ? ` (the last one ran ${utc(lastSlot)})` : ''}.
          </>
        )}
      </p>
      {user.role === 'admin' && (
        <SyncPanel providers={syncTargets(setup).map((t) => ({ id: t.provider, name: t.name }))} />
      )}
      <ProviderList providers={statuses} />
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
          <h2 className="text-sm font-semibold">Seed runs</h2>
          <p className="text-xs text-slate-600">
            {previews === 'include' ? (
              <>
                Previews (dry runs, nothing written) are listed and marked.{' '}
                <a href="/admin/sync?previews=hide" className="underline">
                  Hide previews
                </a>
              </>
            ) : (
              <>
                Previews hidden.{' '}
                <a href="/admin/sync" className="underline">
                  Show previews
                </a>
              </>
            )}
          </p>
        </div>
        {runs.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">
            {previews === 'include' ? 'No seed has run yet.' : 'No seed has run yet (previews hidden).'}
          </p>
        ) : (
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">
                  When (UTC)
                </th>
                <th scope="col" className="px-3 py-2">
                  Provider
                </th>
                <th scope="col" className="px-3 py-2">
                  Trigger
                </th>
                <th scope="col" className="px-3 py-2">
                  Source
                </th>
                <th scope="col" className="px-3 py-2">
                  Outcome
                </th>
                <th scope="col" className="px-3 py-2">
                  What
                </th>
                <th scope="col" className="px-3 py-2">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr
                  key={run.id}
                  className={`border-t border-slate-100 align-top ${run.dryRun ? 'bg-slate-50 text-slate-600' : ''}`}
                >
                  <td className="px-3 py-2 whitespace-nowrap">
                    {run.startedAt.toISOString().replace('T', ' ').slice(0, 19)}
                  </td>
                  <td className="px-3 py-2">{run.provider}</td>
                  <td className="px-3 py-2">
                    {run.trigger}
                    <div className="text-xs text-slate-500">{run.actor}</div>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{run.source}</td>
                  <td className="px-3 py-2">
                    {run.dryRun && (
                      <span
                        className="mr-1 rounded bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800"
                        title="A dry run: it planned a sync and wrote nothing. It is not a seed run."
                      >
                        Preview
                      </span>
                    )}
                    {/* A preview's "skipped" only means "nothing written"; its failure still matters. */}
                    {run.dryRun ? (run.outcome === 'failed' ? 'failed' : null) : run.outcome}
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {run.detail}
                    {run.error && <div className="whitespace-pre-wrap text-red-700">{run.error}</div>}
                  </td>
                  <td className="px-3 py-2 tabular-nums">{run.durationMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {(webhook || deliveries.length > 0) && (
        <DeliveryList deliveries={deliveries} target={webhook ? redactUrl(webhook.url) : null} />
      )}
    </div>
  );
}
