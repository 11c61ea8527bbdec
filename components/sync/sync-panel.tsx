'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { type SyncSummary, syncAction } from '@/app/admin/sync/actions';

export function SyncPanel() {
  const router = useRouter();
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (apply: boolean) =>
    startTransition(async () => {
      const result = await syncAction(null, { apply });
      if (result.status === 'ok') {
        setSummary(result.data);
        toast.success(result.message);
      } else toast.error(result.message);
      router.refresh();
    });
  return (
    <section
      aria-label="Sync from the provider"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <p className="text-sm text-slate-600">
        A sync adds new models, refreshes metadata (except fields an admin overrode), applies config pins,
        keeps every status an admin set, and retires models the provider stopped listing.
      </p>
      <div className="flex gap-3">
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
        <div aria-live="polite" className="rounded-md bg-slate-50 p-3 text-sm">
          <p className="font-medium">
            {summary.dryRun ? 'Preview (nothing written)' : 'Applied'} from {summary.source}:{' '}
            {summary.counts.added} added, {summary.counts.updated} updated, {summary.counts.statusChanged}{' '}
            status changed, {summary.counts.retired} retired, {summary.counts.restored} restored,{' '}
            {summary.counts.unchanged} unchanged.
          </p>
          {summary.changes.length > 0 && (
            <ul className="mt-2 max-h-64 overflow-auto font-mono text-xs">
              {summary.changes.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {summary.warnings.length > 0 && (
            <ul className="mt-2 list-disc pl-5 text-xs text-amber-800">
              {summary.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
