'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { type ProviderSyncSummary, type SyncSummary, syncAction } from '@/app/admin/sync/actions';
import { DialogActions } from '../ui/dialog-actions';

export type SyncChoice = { id: string; name: string };

export function SyncPanel({ providers }: { providers: SyncChoice[] }) {
  const router = useRouter();
  const selectId = useId();
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  /** The provider choice the shown summary is for ('' = all). */
  const [summaryFor, setSummaryFor] = useState<string | null>(null);
  const [provider, setProvider] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState<'preview' | 'apply' | null>(null);
  const [pending, startTransition] = useTransition();
  const call = async (apply: boolean): Promise<SyncSummary | null> => {
    setRunning(apply ? 'apply' : 'preview');
    try {
      const result = await syncAction(null, { apply, provider: provider || undefined });
      if (result.status !== 'ok') {
        toast.error(result.message);
        return null;
      }
      setSummary(result.data);
      setSummaryFor(provider);
      const failed = result.data.providers.some((p) => p.error !== null);
      if (failed) toast.error(result.message);
      else toast.success(result.message);
      return result.data;
    } finally {
      setRunning(null);
      router.refresh();
    }
  };
  const preview = () => startTransition(async () => void (await call(false)));
  // "Run sync" first shows what it will do: the preview on screen when it is for this choice, else a fresh one.
  const askToRun = () =>
    startTransition(async () => {
      const shown = summary?.dryRun && summaryFor === provider ? summary : await call(false);
      if (shown) setConfirming(true);
    });
  const apply = () =>
    startTransition(async () => {
      setConfirming(false);
      await call(true);
    });
  const planned = summary?.dryRun && summaryFor === provider ? summary.providers : [];
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
          onClick={preview}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50"
        >
          Preview sync
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={askToRun}
          className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          Run sync
        </button>
        {running && (
          <p role="status" className="flex items-center gap-2 text-sm text-slate-700">
            <span
              aria-hidden="true"
              className="inline-block size-4 animate-spin rounded-full border-2 border-slate-300 border-t-slate-900"
            />
            {running === 'apply' ? 'Syncing' : 'Working out the plan for'}{' '}
            {provider ? (providers.find((p) => p.id === provider)?.name ?? provider) : 'every provider'}…
          </p>
        )}
      </div>
      <Dialog.Root open={confirming} onOpenChange={setConfirming}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-50 bg-black/50" />
          <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[92vh] w-[min(32rem,94vw)] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl">
            <Dialog.Title className="text-lg font-semibold">Run the sync?</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-slate-600">
              As previewed, this will write:
            </Dialog.Description>
            <ul className="mt-3 space-y-1 text-sm">
              {planned.map((p) => (
                <li key={p.runId}>
                  <strong>{p.name}</strong>: {plannedCounts(p)}
                </li>
              ))}
            </ul>
            <div className="mt-6">
              <DialogActions label="Run sync" pendingLabel="Syncing…" pending={pending} onClick={apply} />
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
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

/** "3 added, 1 retired" (or "no changes", or why it cannot sync): a provider's preview in one line. */
function plannedCounts(p: ProviderSyncSummary): string {
  if (p.counts === null) return 'cannot sync now (the preview failed); the others still apply';
  const counts = p.counts;
  const said = (['added', 'updated', 'statusChanged', 'retired', 'restored'] as const)
    .filter((key) => counts[key] > 0)
    .map((key) => `${counts[key]} ${key === 'statusChanged' ? 'status changed' : key}`);
  return said.length > 0 ? said.join(', ') : 'no changes';
}
