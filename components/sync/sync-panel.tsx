'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { type SyncSummary, syncAction } from '@/app/admin/sync/actions';

export type SyncChoice = { id: string; name: string };

export function SyncPanel({ providers }: { providers: SyncChoice[] }) {
  const router = useRouter();
  const selectId = useId();
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  const [provider, setProvider] = useState('');
  const [pending, startTransition] = useTransition();
  const run = (apply: boolean) =>
    startTransition(async () => {
      const result = await syncAction(null, { apply, provider: provider || undefined });
      if (result.status === 'ok') {
        setSummary(result.data);
        const failed = result.data.providers.some((p) => p.error !== null);
        if (failed) toast.error(result.message);
        else toast.success(result.message);
      } else toast.error(result.message);
      router.refresh();
    });
  return (
    <section
      aria-label="Sync from the providers"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <p className="text-sm text-slate-600">
        A sync adds new models, refreshes metadata (except fields an admin overrode), applies config pins,
        keeps every status an admin set, and retires models a provider stopped listing. Each provider syncs on
        its own: one that fails changes nothing and the others still apply.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        {providers.length > 1 && (
          <div className="flex flex-col gap-1">
            <label htmlFor={selectId} className="text-xs font-medium text-slate-700">
              Provider
            </label>
            <select
              id={selectId}
              value={provider}
              onChange={(event) => setProvider(event.target.value)}
              className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
            >
              <option value="">All providers ({providers.length})</option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button
          type="button"
          disabled={pending}
          onClick={() => run(false)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50"
        >
          {pending ? 'Working…' : 'Preview sync'}
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => run(true)}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          Run sync
        </button>
      </div>
      {summary && (
        <div aria-live="polite" className="space-y-3">
          {summary.providers.map((p) => (
            <div
              key={p.runId}
              className={`rounded-md p-3 text-sm ${p.error ? 'bg-red-50 text-red-900' : 'bg-slate-50'}`}
            >
              {p.error !== null || p.counts === null ? (
                <>
                  <p className="font-medium">{p.name}: failed, nothing was changed.</p>
                  <p className="mt-1 whitespace-pre-wrap text-xs">{p.error}</p>
                </>
              ) : (
                <>
                  <p className="font-medium">
                    {p.name}: {summary.dryRun ? 'Preview (nothing written)' : 'Applied'} from {p.source}:{' '}
                    {p.counts.added} added, {p.counts.updated} updated, {p.counts.statusChanged} status
                    changed, {p.counts.retired} retired, {p.counts.restored} restored, {p.counts.unchanged}{' '}
                    unchanged.
                  </p>
                  {p.awaitingReview > 0 && (
                    <p className="mt-1 text-indigo-900">
                      {p.awaitingReview} {p.awaitingReview === 1 ? 'model' : 'models'}{' '}
                      {summary.dryRun ? 'would await' : p.awaitingReview === 1 ? 'awaits' : 'await'} review
                      {!summary.dryRun && (
                        <>
                          {' '}
                          —{' '}
                          <a href="/admin/models?review=awaiting" className="underline">
                            review them
                          </a>
                        </>
                      )}
                      .
                    </p>
                  )}
                  {p.changes.length > 0 && (
                    <ul className="mt-2 max-h-64 overflow-auto font-mono text-xs">
                      {p.changes.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                  {p.warnings.length > 0 && (
                    <ul className="mt-2 list-disc pl-5 text-xs text-amber-800">
                      {p.warnings.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
