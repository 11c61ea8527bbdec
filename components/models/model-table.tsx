'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { applyBulkAction, moveDefaultToReplacementAction, setStatusAction } from '@/app/admin/models/actions';
import type { ModelFilter } from '@/lib/registry/queries';
import { modelTypeLabel } from '@/lib/registry/types';
import { timeAgo, utcTimestamp } from '@/lib/time-ago';
import { BulkEditDialog, type BulkTarget } from './bulk-edit-dialog';
import { EditModelDialog } from './edit-model-dialog';
import { PriceLabel, type PriceView } from './price-label';

export type TableRow = {
  id: number;
  provider: string;
  /** How people name the provider ("Mistral AI"), from the providers table. */
  providerName: string;
  modelId: string;
  displayName: string;
  description: string | null;
  capabilities: string[];
  source: 'provider' | 'manual';
  version: number;
  overriddenFields: string[];
  providerValues: {
    displayName: string;
    description: string | null;
    contextLength: number | null;
    capabilities: string[];
  } | null;
  aliases: string[];
  type: string;
  status: 'active' | 'inactive';
  statusSource: string;
  statusSetBy: string;
  pin: string | null;
  contextLength: number | null;
  inputPrice: string | null;
  outputPrice: string | null;
  /** Where the prices came from (lib/registry/prices.ts): admin, provider, catalog:<package>@<version>, or null. */
  priceSource: string | null;
  /** Under an admin's price: the provider's or the catalog's one a reset would restore (null: unknown). */
  seedPrice: PriceView | null;
  isDefault: boolean;
  deprecation: string | null;
  deprecationReplacement: string | null;
  /** DEPRECATION_WARNING_DAYS' verdict (lib/registry/deprecation.ts): flagged when upcoming or past. */
  deprecationState: 'none' | 'upcoming' | 'past';
  /** Set on a deprecated default whose replacement is offered: the model id the default can move to. */
  defaultReplacement: string | null;
  retired: boolean;
  /** ISO instant of the sync that added it, while it waits for an admin's review (lib/registry/review.ts). */
  awaitingReviewSince: string | null;
  lastChangedBy: string | null;
  /** ISO instant of the row's newest audit event; null with lastChangedBy when it has none. */
  lastChangedAt: string | null;
  updatedAt: string;
};

type MatchingFilter = Omit<ModelFilter, 'sort' | 'dir' | 'page' | 'perPage'>;

/** Who changed the model last and when: "cli:walk · 2 h ago", the exact instant on hover. */
function LastChange({ by, at, now }: { by: string | null; at: string | null; now: string }) {
  if (by === null || at === null) return <>—</>;
  const when = new Date(at);
  return (
    <>
      {by} ·{' '}
      <time dateTime={at} title={utcTimestamp(when)} className="whitespace-nowrap">
        {timeAgo(when, new Date(now))}
      </time>
    </>
  );
}

function StatusBadge({ status }: { status: 'active' | 'inactive' }) {
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium ${status === 'active' ? 'bg-emerald-100 text-emerald-800' : 'bg-slate-200 text-slate-700'}`}
    >
      {status}
    </span>
  );
}

export function ModelTable({
  rows,
  canEdit,
  total,
  filter,
  now,
}: {
  rows: TableRow[];
  canEdit: boolean;
  total: number;
  filter: MatchingFilter;
  /** When the page was rendered (ISO): "2 h ago" is counted from it, the same on the server and in the browser. */
  now: string;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [pending, startTransition] = useTransition();
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));

  const toggle = (id: number) => {
    setAllMatching(false);
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  };
  const quickToggle = (row: TableRow) =>
    startTransition(async () => {
      const result = await setStatusAction(null, {
        id: row.id,
        status: row.status === 'active' ? 'inactive' : 'active',
      });
      if (result.status === 'ok') toast.success(`${row.modelId}: ${result.message}`);
      else toast.error(result.message);
      router.refresh();
    });

  const markReviewed = (row: TableRow) =>
    startTransition(async () => {
      const result = await applyBulkAction(null, {
        target: { kind: 'ids', ids: [row.id] },
        changes: { reviewed: true },
      });
      if (result.status === 'ok') toast.success(`${row.modelId}: reviewed.`);
      else toast.error(result.message);
      router.refresh();
    });

  const moveDefault = (row: TableRow) =>
    startTransition(async () => {
      const result = await moveDefaultToReplacementAction(null, { id: row.id, version: row.version });
      if (result.status === 'ok') toast.success(result.message);
      else toast.error(result.message);
      router.refresh();
    });

  const target: BulkTarget = allMatching ? { kind: 'filter', filter } : { kind: 'ids', ids: [...selected] };
  const count = allMatching ? total : selected.size;

  return (
    <div className="space-y-2">
      {canEdit && (
        <div
          className="flex min-h-10 flex-wrap items-center gap-3 rounded-md bg-slate-100 px-3 py-2 text-sm"
          aria-live="polite"
        >
          {count === 0 ? (
            <span className="text-slate-600">Select models to edit several at once.</span>
          ) : (
            <>
              <span className="font-medium">
                {allMatching ? `All ${total} models matching the filter` : `${selected.size} selected`}
              </span>
              {!allMatching && total > selected.size && (
                <button type="button" className="underline" onClick={() => setAllMatching(true)}>
                  Select all {total} matching the filter
                </button>
              )}
              <BulkEditDialog
                target={target}
                count={count}
                onDone={() => {
                  setSelected(new Set());
                  setAllMatching(false);
                  router.refresh();
                }}
              />
              <button
                type="button"
                className="text-slate-600 underline"
                onClick={() => {
                  setSelected(new Set());
                  setAllMatching(false);
                }}
              >
                Clear selection
              </button>
            </>
          )}
        </div>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {canEdit && (
                <th scope="col" className="w-10 px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={allOnPage}
                    onChange={() => {
                      setAllMatching(false);
                      setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id)));
                    }}
                  />
                </th>
              )}
              <th scope="col" className="px-3 py-2">
                Model
              </th>
              <th scope="col" className="px-3 py-2">
                Provider
              </th>
              <th scope="col" className="px-3 py-2">
                Type
              </th>
              <th scope="col" className="px-3 py-2">
                Status
              </th>
              <th scope="col" className="px-3 py-2">
                Context
              </th>
              <th scope="col" className="px-3 py-2">
                Price / 1M in·out
              </th>
              <th scope="col" className="px-3 py-2">
                Deprecation
              </th>
              <th scope="col" className="px-3 py-2">
                Last change
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.id}
                className={`border-t border-slate-100 align-top ${row.retired ? 'opacity-60' : ''}`}
                data-model-id={row.modelId}
              >
                {canEdit && (
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      aria-label={`Select ${row.modelId}`}
                      checked={allMatching || selected.has(row.id)}
                      onChange={() => toggle(row.id)}
                    />
                  </td>
                )}
                <td className="px-3 py-2">
                  <div className="font-medium">
                    {row.displayName}
                    {row.isDefault && (
                      <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-800">
                        default
                      </span>
                    )}
                    {row.retired && (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">
                        retired
                      </span>
                    )}
                    {row.awaitingReviewSince && (
                      <span
                        className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs text-indigo-800"
                        title={`Added by the sync of ${utcTimestamp(new Date(row.awaitingReviewSince))} with the default status for new models; no admin has looked at it yet.`}
                      >
                        awaiting review
                      </span>
                    )}
                    {row.deprecationState !== 'none' && (
                      <span
                        className={`ml-2 rounded px-1.5 py-0.5 text-xs ${row.deprecationState === 'past' ? 'bg-red-100 text-red-800' : 'bg-orange-100 text-orange-800'}`}
                        title={`Deprecation ${row.deprecation?.slice(0, 10)}: see the Deprecation column`}
                      >
                        {row.deprecationState === 'past' ? 'deprecated' : 'deprecates soon'}
                      </span>
                    )}
                  </div>
                  {/* Names the model for the row's buttons (aria-describedby): their names are their visible text. */}
                  <div id={`model-ref-${row.id}`} className="font-mono text-xs text-slate-500">
                    {row.provider}/{row.modelId}
                  </div>
                  {row.aliases.length > 0 && (
                    <div className="text-xs text-slate-500">aka {row.aliases.join(', ')}</div>
                  )}
                  {(row.source === 'manual' || row.overriddenFields.length > 0) && (
                    <div className="text-xs text-slate-500">
                      {row.source === 'manual' ? 'manual' : `edited: ${row.overriddenFields.join(', ')}`}
                    </div>
                  )}
                  {canEdit && <EditModelDialog row={row} />}
                </td>
                <td className="px-3 py-2">{row.providerName}</td>
                <td className="px-3 py-2">{modelTypeLabel(row.type)}</td>
                <td className="px-3 py-2">
                  <div className="flex items-center gap-2">
                    <StatusBadge status={row.status} />
                    {row.pin && (
                      <span
                        className="rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-800"
                        title={`${row.pin}. Change config to change it; the UI cannot.`}
                      >
                        pinned
                      </span>
                    )}
                  </div>
                  <div className="mt-1 text-xs text-slate-500">
                    {row.pin ?? `set by ${row.statusSetBy} (${row.statusSource})`}
                  </div>
                  {canEdit && !row.pin && (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => quickToggle(row)}
                      aria-describedby={`model-ref-${row.id}`}
                      className="mt-1 text-xs font-medium text-slate-700 underline disabled:opacity-50"
                    >
                      Set {row.status === 'active' ? 'inactive' : 'active'}
                    </button>
                  )}
                  {canEdit && row.awaitingReviewSince && (
                    <button
                      type="button"
                      disabled={pending}
                      onClick={() => markReviewed(row)}
                      aria-describedby={`model-ref-${row.id}`}
                      className="mt-1 block text-xs font-medium text-indigo-800 underline disabled:opacity-50"
                    >
                      Mark reviewed
                    </button>
                  )}
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {row.contextLength?.toLocaleString('en-US') ?? '—'}
                </td>
                <td className="px-3 py-2 tabular-nums">
                  <PriceLabel
                    price={{ input: row.inputPrice, output: row.outputPrice, source: row.priceSource }}
                  />
                </td>
                <td className="px-3 py-2 text-xs">
                  {row.deprecation ? (
                    <>
                      <span
                        className={
                          row.deprecationState === 'past'
                            ? 'font-medium text-red-700'
                            : row.deprecationState === 'upcoming'
                              ? 'font-medium text-amber-700'
                              : ''
                        }
                      >
                        {row.deprecationState === 'past' && 'deprecated '}
                        {row.deprecationState === 'upcoming' && 'deprecates '}
                        {row.deprecation.slice(0, 10)}
                        {row.deprecationReplacement && ` → ${row.deprecationReplacement}`}
                      </span>
                      {canEdit && row.defaultReplacement && (
                        <div>
                          <button
                            type="button"
                            disabled={pending}
                            onClick={() => moveDefault(row)}
                            className="mt-1 rounded border border-sky-300 bg-sky-50 px-2 py-0.5 text-left font-medium text-sky-800 hover:bg-sky-100 disabled:opacity-50"
                          >
                            Make {row.defaultReplacement} the default
                          </button>
                        </div>
                      )}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="px-3 py-2 text-xs text-slate-600">
                  <LastChange by={row.lastChangedBy} at={row.lastChangedAt} now={now} />
                  <div>
                    <a
                      href={`/admin/models/${row.id}/history`}
                      className="underline"
                      aria-label={`History of ${row.modelId}`}
                    >
                      History
                    </a>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
