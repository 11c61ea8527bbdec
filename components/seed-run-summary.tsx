import type { SeedOutcome, SeedRun } from '@/db/schema';

const outcomeStyle: Record<SeedOutcome, string> = {
  applied: 'bg-emerald-100 text-emerald-800',
  skipped: 'bg-slate-100 text-slate-700',
  failed: 'bg-red-100 text-red-800',
};

/** One seed run at a glance. Callers pass seed runs only, never a dry run (lib/registry/reads/seed-runs.ts `realRuns`). */
export function SeedRunSummary({ title, run }: { title: string; run: SeedRun | null }) {
  return (
    <section aria-label={title} className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="text-sm font-semibold">{title}</h2>
      {run === null ? (
        <p className="mt-2 text-sm text-slate-600">No seed has run yet.</p>
      ) : (
        <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-500">Outcome</dt>
          <dd>
            <span className={`rounded px-2 py-0.5 text-xs font-medium ${outcomeStyle[run.outcome]}`}>
              {run.outcome}
            </span>
          </dd>
          <dt className="text-slate-500">When</dt>
          <dd>
            <time dateTime={run.startedAt.toISOString()}>
              {run.startedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC
            </time>
            {` · ${run.durationMs} ms`}
          </dd>
          <dt className="text-slate-500">Trigger / source</dt>
          <dd>
            {run.trigger} · {run.source}
          </dd>
          {run.detail && (
            <>
              <dt className="text-slate-500">Detail</dt>
              <dd>{run.detail}</dd>
            </>
          )}
          {run.error && (
            <>
              <dt className="text-slate-500">Error</dt>
              <dd className="whitespace-pre-wrap text-red-700">{run.error}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
