// The sync page: the seed_runs log, and (for admins) a preview of the next sync and a button to run it.
import { SyncPanel } from '@/components/sync/sync-panel';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import { recentSeedRuns } from '@/lib/registry/runs';

export const dynamic = 'force-dynamic';

export default async function SyncPage() {
  const user = await requireUser();
  const runs = await recentSeedRuns(await getServerDb(), 50);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sync</h1>
      {user.role === 'admin' && <SyncPanel />}
      <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">Seed runs</h2>
        {runs.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">No seed has run yet.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">
                  When (UTC)
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
                <tr key={run.id} className="border-t border-slate-100 align-top">
                  <td className="px-3 py-2 whitespace-nowrap">
                    {run.startedAt.toISOString().replace('T', ' ').slice(0, 19)}
                  </td>
                  <td className="px-3 py-2">
                    {run.trigger}
                    <div className="text-xs text-slate-500">{run.actor}</div>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{run.source}</td>
                  <td className="px-3 py-2">
                    {run.outcome}
                    {run.dryRun ? ' (dry run)' : ''}
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
    </div>
  );
}
