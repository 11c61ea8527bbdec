'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useMemo, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { applyBulkAction, moveDefaultToReplacementAction, setStatusAction } from '@/app/admin/models/actions';
import { actorLabel } from '@/lib/registry/audit/labels';
import type { MatchingFilter, ModelFilter, ModelSort } from '@/lib/registry/reads/models-page';
import { modelTypeLabel } from '@/lib/registry/types';
import { timeAgo, utcTimestamp } from '@/lib/time-ago';
import { BulkEditDialog, type BulkTarget } from './bulk-edit-dialog';
import { EditModelDialog, type EditTarget } from './edit-model-dialog';
import { modelsHref } from './href';
import { PriceLabel } from './price-label';
import { type PackedRow, type TableRow, unpackRow } from './table-row';

export type Density = 'compact' | 'comfortable';

/** Who changed the model last and when: "ada@example.com · 2 h ago", the exact instant and actor on hover. */
function LastChange({ change, now }: { change: TableRow['lastChanged']; now: string }) {
  if (!change) return <>—</>;
  const { by, at } = change;
  const when = new Date(at);
  return (
    <span title={`${by}, ${utcTimestamp(when)}`}>
      {`${actorLabel(by)} · `}
      <time dateTime={at}>{timeAgo(when, new Date(now))}</time>
    </span>
  );
}

/** A row's small label; its shape is app/globals.css's `.badge`, its colours are each label's own. */
const badge = 'badge';

function StatusBadge({ status }: { status: 'active' | 'inactive' }) {
  return <span className={`${badge} status-${status}`}>{status}</span>;
}

/** Who may use an offered model through the consumer API: its teams and groups in a few words, all on hover. */
function whoCanUse(access: NonNullable<TableRow['access']>): { text: string; title: string } {
  const groups = access.groups.filter((g) => g !== 'all');
  const teams = access.teams.length
    ? `${access.teams.length === 1 ? 'team' : 'teams'} ${access.teams.join(', ')}`
    : 'no team';
  return {
    text: groups.length ? `${teams} · in ${groups.join(', ')}` : teams,
    title: `Groups: ${access.groups.join(', ')}. Teams: ${access.teams.join(', ') || 'none'}.`,
  };
}

type Column = { label: string; sort?: ModelSort; className?: string };

// The cells' styles find each column by its place from the row's end (app/globals.css): a new column goes there too.
const COLUMNS: Column[] = [
  { label: 'Model', sort: 'name' },
  { label: 'Provider', sort: 'provider' },
  { label: 'Type', sort: 'type' },
  { label: 'Status', sort: 'status' },
  { label: 'Context', sort: 'context', className: 'text-right' },
  { label: 'Price / 1M in · out', sort: 'price' },
  { label: 'Deprecation', sort: 'deprecation' },
  { label: 'Last change', sort: 'updated' },
  { label: 'Actions' },
];

/** A column header that sorts: the first click sorts ascending (newest first for the last change), the next flips. */
function SortHeader({ column, filter }: { column: Column; filter: ModelFilter }) {
  const active = column.sort !== undefined && filter.sort === column.sort;
  const first = column.sort === 'updated' ? 'desc' : 'asc';
  const dir = active ? (filter.dir === 'asc' ? 'desc' : 'asc') : first;
  return (
    <th
      scope="col"
      aria-sort={active ? (filter.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      className={column.className}
    >
      {column.sort ? (
        <Link
          href={modelsHref(filter, { sort: column.sort, dir })}
          scroll={false}
          className={active ? 'text-slate-900' : undefined}
        >
          {column.label}
          <span aria-hidden="true" className={active ? '' : 'text-slate-300'}>
            {active ? (filter.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </Link>
      ) : (
        column.label
      )}
    </th>
  );
}

/** How many characters of a status reason the cell shows whole (13rem of text-xs): a longer one gets a title. */
const NOTE_FITS = 32;

export function ModelTable({
  rows: packed,
  providerNames,
  canEdit,
  total,
  filter,
  matching,
  density,
  now,
}: {
  /** The page's rows, packed (table-row.ts). */
  rows: PackedRow[];
  /** Each provider's name as people know it ("Mistral AI"), by id. */
  providerNames: Record<string, string>;
  canEdit: boolean;
  total: number;
  /** The page's whole filter: sort links keep it. */
  filter: ModelFilter;
  /** What "all matching the filter" edits. */
  matching: MatchingFilter;
  density: Density;
  /** When the page was rendered (ISO): "2 h ago" is counted from it, the same on the server and in the browser. */
  now: string;
}) {
  const router = useRouter();
  const rows = useMemo(() => packed.map(unpackRow), [packed]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [editing, setEditing] = useState<EditTarget | null>(null);
  const closeEditor = useCallback(() => setEditing(null), []);
  const [pending, startTransition] = useTransition();
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const grouped = filter.group === 'yes';

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

  const moveDefault = (id: number, version: number) =>
    startTransition(async () => {
      const result = await moveDefaultToReplacementAction(null, { id, version });
      if (result.status === 'ok') toast.success(result.message);
      else toast.error(result.message);
      router.refresh();
    });

  const target: BulkTarget = allMatching
    ? { kind: 'filter', filter: matching }
    : { kind: 'ids', ids: [...selected] };
  const count = allMatching ? total : selected.size;
  const models = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'model' : 'models'}`;
  // Grouped, a group's members follow its first row on the page: how many ids each group shows here.
  const groupSizes = new Map<string, number>();
  if (grouped) {
    for (const row of rows) {
      const key = `${row.provider}/${row.groupKey}`;
      groupSizes.set(key, (groupSizes.get(key) ?? 0) + 1);
    }
  }

  return (
    <div className={`model-table ${canEdit ? '[--bar-h:2.75rem]' : '[--bar-h:0px]'}`}>
      {canEdit && (
        <div
          className="sticky top-0 z-20 flex h-11 flex-wrap items-center gap-x-3 gap-y-1 overflow-hidden rounded-t-lg border border-b-0 border-slate-200 bg-slate-100 px-3 text-sm"
          aria-live="polite"
        >
          {count === 0 ? (
            <span className="text-slate-600">Select models to edit several at once.</span>
          ) : (
            <>
              <span className="font-medium">
                {allMatching ? `All ${models(total)} matching the filter` : `${selected.size} selected`}
              </span>
              {!allMatching && total > selected.size && (
                <button type="button" className="underline" onClick={() => setAllMatching(true)}>
                  Select all {total.toLocaleString('en-US')} matching the filter
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
      <table
        className={`model-cards w-full border border-slate-200 bg-white text-sm ${canEdit ? '' : 'rounded-t-lg'}`}
        data-density={density}
      >
        <thead className="text-left text-xs text-slate-600">
          <tr>
            {canEdit && (
              <th scope="col" className="w-8 font-normal" data-cell="select-all">
                <label className="inline-flex items-center gap-2">
                  <input
                    type="checkbox"
                    aria-label="Select all on this page"
                    checked={allOnPage}
                    onChange={() => {
                      setAllMatching(false);
                      setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id)));
                    }}
                  />
                  <span aria-hidden="true" className="whitespace-nowrap font-normal lg:hidden">
                    Select all on this page
                  </span>
                </label>
              </th>
            )}
            {COLUMNS.map((column) => (
              <SortHeader key={column.label} column={column} filter={filter} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const key = `${row.provider}/${row.groupKey}`;
            const previous = rows[index - 1];
            const member =
              grouped && previous !== undefined && `${previous.provider}/${previous.groupKey}` === key;
            const size = grouped && !member ? (groupSizes.get(key) ?? 1) : 1;
            const replacement = row.defaultReplacement;
            return (
              <tr
                key={row.id}
                className={
                  [member && 'border-dashed border-slate-100', row.retired && 'text-slate-500']
                    .filter(Boolean)
                    .join(' ') || undefined
                }
                data-model-id={row.modelId}
                data-group-member={member ? 'true' : undefined}
              >
                {canEdit && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${row.modelId}`}
                      checked={allMatching || selected.has(row.id)}
                      onChange={() => toggle(row.id)}
                    />
                  </td>
                )}
                <td>
                  <div className={member ? 'row-line pl-4' : 'row-line'}>
                    {member && (
                      <span aria-hidden="true" className="text-slate-400">
                        ↳
                      </span>
                    )}
                    <span className="row-name" title={row.description ?? row.displayName}>
                      {row.displayName}
                    </span>
                    {size > 1 && (
                      <span
                        className={`${badge} bg-slate-100 text-slate-700`}
                        title="Ids of this model listed below"
                      >
                        {size} ids
                      </span>
                    )}
                    {row.isDefault && <span className={`${badge} bg-sky-100 text-sky-800`}>default</span>}
                    {row.retired && <span className={`${badge} bg-amber-100 text-amber-800`}>retired</span>}
                    {row.awaitingReviewSince && (
                      <span
                        className={`${badge} bg-indigo-100 text-indigo-800`}
                        title={`Added by the sync of ${utcTimestamp(new Date(row.awaitingReviewSince))} with the default status for new models; no admin has looked at it yet.`}
                      >
                        awaiting review
                      </span>
                    )}
                    {row.deprecationState && (
                      <span
                        className={`${badge} ${row.deprecationState === 'past' ? 'bg-red-100 text-red-800' : 'bg-orange-100 text-orange-800'}`}
                        title={`Deprecation ${row.deprecation?.slice(0, 10)}: see the Deprecation column`}
                      >
                        {row.deprecationState === 'past' ? 'deprecated' : 'deprecates soon'}
                      </span>
                    )}
                    {row.manual && (
                      <span
                        className={`${badge} bg-slate-100 text-slate-700`}
                        title="Added by an admin, not by a sync"
                      >
                        manual
                      </span>
                    )}
                    {row.edited && (
                      <span
                        className={`${badge} bg-slate-100 text-slate-700`}
                        title={`Kept by every sync: ${row.edited}`}
                      >
                        edited
                      </span>
                    )}
                  </div>
                  {/* Names the model for the row's buttons (aria-describedby): their names are their visible text. */}
                  <div
                    id={`model-ref-${row.id}`}
                    className={member ? 'row-ref pl-8' : 'row-ref'}
                    title={row.aliases.length > 0 ? `Also called ${row.aliases.join(', ')}` : undefined}
                  >
                    {`${row.provider}/${row.modelId}`}
                  </div>
                  {density === 'comfortable' && row.aliases.length > 0 && (
                    <div className={`text-xs text-slate-500 ${member ? 'pl-8' : ''}`}>
                      aka {row.aliases.join(', ')}
                    </div>
                  )}
                </td>
                <td>{providerNames[row.provider] ?? row.provider}</td>
                <td>{modelTypeLabel(row.type)}</td>
                <td>
                  <div className="row-line">
                    <StatusBadge status={row.status} />
                    {/* Who can use it: a chip in compact rows (they stay two lines high), a line below in
                        comfortable ones; every group and team on hover. */}
                    {row.access && density === 'compact' && (
                      <span
                        className={`${badge} bg-teal-50 text-teal-800`}
                        title={whoCanUse(row.access).title}
                        data-access=""
                      >
                        {row.access.teams.length === 1
                          ? `team ${row.access.teams[0]}`
                          : `${row.access.teams.length || 'no'} teams`}
                      </span>
                    )}
                    {row.pinned && (
                      <span
                        className={`${badge} bg-violet-100 text-violet-800`}
                        title={`${row.origin}. Change config to change it; the UI cannot.`}
                      >
                        pinned
                      </span>
                    )}
                    {canEdit && !row.pinned && (
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => quickToggle(row)}
                        aria-describedby={`model-ref-${row.id}`}
                        className="row-button"
                      >
                        {`Set ${row.status === 'active' ? 'inactive' : 'active'}`}
                      </button>
                    )}
                  </div>
                  {/* The whole reason on hover only where the cell may cut it short. */}
                  <div className="row-note" title={row.origin.length > NOTE_FITS ? row.origin : undefined}>
                    {row.origin}
                  </div>
                  {row.access && density === 'comfortable' && (
                    <div className="row-note" title={whoCanUse(row.access).title} data-access="">
                      {whoCanUse(row.access).text}
                    </div>
                  )}
                </td>
                <td>{row.contextLength?.toLocaleString('en-US') ?? '—'}</td>
                <td>
                  <PriceLabel
                    price={{
                      input: row.inputPrice ?? null,
                      output: row.outputPrice ?? null,
                      source: row.priceSource ?? null,
                    }}
                  />
                </td>
                <td>
                  {row.deprecation ? (
                    <div
                      className={`max-w-[9rem] ${
                        row.deprecationState === 'past'
                          ? 'font-medium text-red-700'
                          : row.deprecationState === 'upcoming'
                            ? 'font-medium text-amber-700'
                            : ''
                      }`}
                    >
                      <div className="whitespace-nowrap">
                        {row.deprecationState === 'past' && 'deprecated '}
                        {row.deprecationState === 'upcoming' && 'deprecates '}
                        {row.deprecation.slice(0, 10)}
                      </div>
                      {row.deprecationReplacement && (
                        <div className="truncate" title={`Replacement: ${row.deprecationReplacement}`}>
                          → {row.deprecationReplacement}
                        </div>
                      )}
                    </div>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <LastChange change={row.lastChanged} now={now} />
                </td>
                <td>
                  <div>
                    {canEdit && (
                      <button
                        type="button"
                        className="row-link"
                        aria-label={`Edit ${row.modelId}`}
                        aria-haspopup="dialog"
                        onClick={(event) =>
                          setEditing({ id: row.id, modelId: row.modelId, opener: event.currentTarget })
                        }
                      >
                        Edit
                      </button>
                    )}
                    <a
                      href={`/admin/models/${row.id}/history`}
                      className="row-link"
                      aria-label={`History of ${row.modelId}`}
                    >
                      History
                    </a>
                    {canEdit && row.awaitingReviewSince && (
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => markReviewed(row)}
                        aria-describedby={`model-ref-${row.id}`}
                        className="row-button text-indigo-800"
                      >
                        Mark reviewed
                      </button>
                    )}
                    {canEdit && replacement && (
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => moveDefault(row.id, replacement.version)}
                        className="rounded border border-sky-300 bg-sky-50 px-2 font-medium text-sky-800 hover:bg-sky-100 disabled:opacity-50"
                      >
                        {`Make ${replacement.modelId} the default`}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {canEdit && <EditModelDialog target={editing} onClose={closeEditor} />}
    </div>
  );
}
