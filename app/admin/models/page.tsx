// Model Management: server-side filtered, sorted and paged; filters live in the URL.
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { CreateModelDialog } from '@/components/models/create-model-dialog';
import { DENSITY_COOKIE } from '@/components/models/href';
import { ModelFilters } from '@/components/models/model-filters';
import { ModelTable } from '@/components/models/model-table';
import { Pagination } from '@/components/models/pagination';
import { packRow, type TableRow } from '@/components/models/table-row';
import { TableToolbar } from '@/components/models/table-toolbar';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import { fieldLabel, statusOrigin } from '@/lib/registry/audit/labels';
import { loadModelDefaults } from '@/lib/registry/config/operator-config';
import { describePin, pagePins, pinKey } from '@/lib/registry/config/pins';
import {
  defaultReplacementOffers,
  deprecationState,
  deprecationWarningDays,
} from '@/lib/registry/lifecycle/deprecation';
import { priceView } from '@/lib/registry/model/prices';
import {
  accessChoiceName,
  filterOptions,
  listModels,
  listProviderIds,
  matchingFilter,
  modelsPageAccess,
  PAGE_SIZES,
  parseModelFilter,
} from '@/lib/registry/reads/models-page';

export const metadata: Metadata = { title: 'Models' };

export const dynamic = 'force-dynamic';

export default async function ModelsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const filter = parseModelFilter(await searchParams);
  const db = await getServerDb();
  const now = new Date();
  const { config } = loadModelDefaults();
  const warningDays = deprecationWarningDays(process.env);
  const density = (await cookies()).get(DENSITY_COOKIE)?.value === 'comfortable' ? 'comfortable' : 'compact';
  const access = await modelsPageAccess(db, filter);
  const [list, options, pins, providerIds, offers] = await Promise.all([
    listModels(db, filter, now, access.usable),
    filterOptions(db),
    pagePins(db, config, now),
    listProviderIds(db),
    defaultReplacementOffers(db),
  ]);
  const grouped = filter.group === 'yes';
  // What each row shows and its buttons need; an empty field is left out (components/models/table-row.ts).
  const rows: TableRow[] = list.rows.map((row) => {
    const pin = pins.get(pinKey(row.provider, row.modelId));
    const { priceSource } = priceView(row);
    const deprecation = deprecationState(row.deprecation, now, warningDays);
    const replacement = offers.get(row.id);
    const usableBy = access.inUse ? access.whoCanUse(row.provider, row.modelId) : null;
    return {
      id: row.id,
      provider: row.provider,
      modelId: row.modelId,
      displayName: row.displayName,
      ...(row.description ? { description: row.description } : {}),
      aliases: row.aliases,
      type: row.type,
      status: row.status,
      origin: pin ? describePin(pin) : statusOrigin(row.statusSource, row.statusSetBy),
      ...(pin ? { pinned: true as const } : {}),
      contextLength: row.contextLength,
      ...(row.inputPricePerMtok !== null ? { inputPrice: row.inputPricePerMtok } : {}),
      ...(row.outputPricePerMtok !== null ? { outputPrice: row.outputPricePerMtok } : {}),
      ...(priceSource ? { priceSource } : {}),
      ...(row.isDefault ? { isDefault: true as const } : {}),
      ...(row.source === 'manual' ? { manual: true as const } : {}),
      ...(row.overriddenFields.length > 0 ? { edited: row.overriddenFields.map(fieldLabel).join(', ') } : {}),
      ...(row.deprecation ? { deprecation: row.deprecation.toISOString() } : {}),
      ...(row.deprecationReplacement ? { deprecationReplacement: row.deprecationReplacement } : {}),
      ...(deprecation !== 'none' ? { deprecationState: deprecation } : {}),
      ...(replacement ? { defaultReplacement: { modelId: replacement, version: row.version } } : {}),
      ...(row.retiredAt !== null ? { retired: true as const } : {}),
      ...(row.awaitingReviewSince ? { awaitingReviewSince: row.awaitingReviewSince.toISOString() } : {}),
      ...(row.lastChangedBy !== null && row.lastChangedAt !== null
        ? { lastChanged: { by: row.lastChangedBy, at: row.lastChangedAt.toISOString() } }
        : {}),
      ...(grouped ? { groupKey: row.groupKey } : {}),
      ...(usableBy ? { access: usableBy } : {}),
    };
  });
  const providerNames = Object.fromEntries(options.providers.map((p) => [p.id, p.name]));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Model Management</h1>
        <div className="flex items-center gap-3">
          <p className="text-sm text-slate-600">
            {list.total.toLocaleString('en-US')} model{list.total === 1 ? '' : 's'} match
          </p>
          {user.role === 'admin' && (
            <>
              <a
                href="/admin/export"
                download
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
              >
                Export JSON
              </a>
              <CreateModelDialog providers={providerIds} />
            </>
          )}
        </div>
      </div>
      <ModelFilters
        filter={filter}
        providers={options.providers}
        capabilities={options.capabilities}
        access={
          access.inUse || filter.access
            ? {
                key: access.choicesKey,
                chosen: filter.access
                  ? { value: filter.access, name: accessChoiceName(access, filter.access) }
                  : null,
              }
            : null
        }
      />
      {filter.access && access.problem && (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          The “Usable by” filter matches nothing while the access file cannot be used: {access.problem}
        </p>
      )}
      <TableToolbar filter={filter} density={density} pageSizes={PAGE_SIZES} />
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
          No model matches these filters.{' '}
          <a href="/admin/models" className="underline">
            Clear them
          </a>
          .
        </p>
      ) : (
        <ModelTable
          rows={rows.map(packRow)}
          providerNames={providerNames}
          canEdit={user.role === 'admin'}
          total={list.total}
          filter={{ ...filter, page: list.page }}
          matching={matchingFilter(filter)}
          density={density}
          now={now.toISOString()}
        />
      )}
      <Pagination
        filter={{ ...filter, page: list.page }}
        page={list.page}
        pageCount={list.pageCount}
        total={list.total}
      />
    </div>
  );
}
