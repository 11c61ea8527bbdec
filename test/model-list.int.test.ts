// The Model Management page's list (lib/registry/reads/models-page.ts `listModels`) on each engine: every column sorts with
// unknown values last either way, pages never overlap or skip a row, and grouping keeps a model's ids together.
import { asc, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../db/driver';
import { models } from '../db/schema';
import { listModels, parseModelFilter } from '../lib/registry/reads/models-page';
import { deployedCatalogDb } from './support/catalog-db';
import { engine } from './support/db';

const deployed = deployedCatalogDb();

type Row = Awaited<ReturnType<typeof listModels>>['rows'][number];

/** Every row of a listing, page by page. */
async function everyPage(params: Record<string, string>): Promise<Row[]> {
  return deployed.db.use(async ({ db }) => {
    const rows: Row[] = [];
    for (let page = 1; ; page++) {
      const list = await listModels(db, parseModelFilter({ ...params, perPage: '25', page: String(page) }));
      rows.push(...list.rows);
      if (page >= list.pageCount) return rows;
    }
  });
}

describe(`the Models page's list on ${engine}`, () => {
  it('sorts by context either way, unknown values last, ties by id; pages neither overlap nor skip', async () => {
    const asc = await everyPage({ sort: 'context' });
    const desc = await everyPage({ sort: 'context', dir: 'desc' });
    expect(asc).toHaveLength(44);
    expect(new Set(asc.map((r) => r.modelId)).size).toBe(44);
    const key = (r: Row) => r.contextLength ?? Number.POSITIVE_INFINITY;
    const byId = (a: Row, b: Row) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0);
    expect(asc.map((r) => r.modelId)).toEqual(
      [...asc].sort((a, b) => key(a) - key(b) || byId(a, b)).map((r) => r.modelId),
    );
    const descKey = (r: Row) => r.contextLength ?? Number.NEGATIVE_INFINITY;
    expect(desc.map((r) => r.modelId)).toEqual(
      [...desc].sort((a, b) => descKey(b) - descKey(a) || byId(a, b)).map((r) => r.modelId),
    );
  });

  it('puts models of unknown price last whichever way the price sorts', async () => {
    for (const dir of ['asc', 'desc']) {
      const rows = await everyPage({ sort: 'price', dir });
      const firstUnknown = rows.findIndex((r) => r.inputPricePerMtok === null);
      expect(firstUnknown).toBeGreaterThan(0);
      expect(rows.slice(firstUnknown).every((r) => r.inputPricePerMtok === null)).toBe(true);
      const prices = rows.slice(0, firstUnknown).map((r) => Number(r.inputPricePerMtok));
      const sorted = [...prices].sort((a, b) => (dir === 'asc' ? a - b : b - a));
      expect(prices).toEqual(sorted);
    }
  });

  it("grouped, lists each model's ids together, the group's own id first, across pages", async () => {
    const rows = await everyPage({ sort: 'name', group: 'yes' });
    expect(rows).toHaveLength(44);
    const ids = rows.map((r) => r.modelId);
    expect(ids.indexOf('mistral-large-latest')).toBe(ids.indexOf('mistral-large-2512') + 1);
    // Each group is one run of rows, led by the group's own id when it is listed.
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const previous = rows[i - 1];
      if (previous?.groupKey === row.groupKey) return;
      expect(seen.has(row.groupKey), `group ${row.groupKey} split`).toBe(false);
      seen.add(row.groupKey);
      if (ids.includes(row.groupKey)) expect(row.modelId).toBe(row.groupKey);
    });
    expect(rows.find((r) => r.modelId === 'mistral-tiny-latest')?.groupKey).toBe('open-mistral-nemo');
  });
});

describe(`the Models page's name order on ${engine}, whichever plan serves it`, () => {
  it('lists the same order page by page (the name index walked) as in big pages (a scan and a sort)', async () => {
    const names = ['alpha', 'Alpha', 'Älpha', 'Beta', '_under', '10 ten', '9 nine', 'zeta', 'Zeta', 'éclair'];
    await deployed.db.use(({ db }) =>
      db.execute(sql`
        insert into models (provider, model_id, display_name, type, status, status_source, status_set_by, source)
        select 'mistral', 'name-order-' || i, (string_to_array(${names.join('|')}, '|'))[1 + i % 10] || ' ' || (i % 7), 'chat',
               'inactive', 'default', 'test', 'manual'
        from generate_series(1, 300) as i`),
    );
    // 344 models: pages of 25 up to the 13th walk the index (344 ≥ 10 × their end), the rest scan and sort;
    // pages of 200 always scan and sort. Both orders must be one order.
    const small = await everyPage({});
    const big = await deployed.db.use(async ({ db }) => {
      const rows: Row[] = [];
      for (const page of ['1', '2'])
        rows.push(...(await listModels(db, parseModelFilter({ perPage: '200', page }))).rows);
      return rows;
    });
    // The order itself, as SQL defines it for the page's ORDER BY, whatever the plan.
    const reference = await deployed.db.use(async ({ db }) =>
      (
        await db
          .select({ modelId: models.modelId })
          .from(models)
          .orderBy(asc(models.displayName), asc(models.modelId))
      ).map((r) => r.modelId),
    );
    expect(small).toHaveLength(344);
    expect(small.map((r) => r.modelId)).toEqual(reference);
    expect(big.map((r) => r.modelId)).toEqual(reference);
  });
});

describe(`the Models page's pages past the middle on ${engine}`, () => {
  // After the name-order test above: 344 models. A page past the middle is read from the other end of the order
  // and turned around (reads/models-page.ts pageIds); every sort, both ways, must still be the one order.
  const columns = {
    name: 'display_name',
    id: 'model_id',
    provider: 'provider',
    type: 'type',
    status: 'status',
    context: 'context_length',
    price: 'input_price_per_mtok',
    deprecation: 'deprecation',
    updated: 'updated_at',
  } as const;
  for (const [sort, column] of Object.entries(columns))
    for (const dir of ['asc', 'desc'] as const)
      it(`sorted by ${sort} ${dir}: pages of 25 from both ends are the order, unknown values last`, async () => {
        const pages = await everyPage({ sort, dir });
        const reference = await deployed.db.use(async ({ db }) =>
          rowsOf<{ model_id: string }>(
            await db.execute(
              sql`select model_id from models order by ${sql.raw(column)} ${sql.raw(dir)} nulls last, model_id asc, provider asc`,
            ),
          ).map((r) => r.model_id),
        );
        expect(reference).toHaveLength(344);
        expect(pages.map((r) => r.modelId)).toEqual(reference);
      });

  it('grouped, pages of 25 are the grouped order, and a write moves it', async () => {
    // The grouped order as SQL defines it: each group by its best name, its own id first, then by id.
    const reference = async () =>
      deployed.db.use(async ({ db }) =>
        rowsOf<{ model_id: string }>(
          await db.execute(sql`
            select model_id from models order by
              min(display_name) over (partition by provider, coalesce(group_name, model_id)) asc nulls last,
              provider asc, coalesce(group_name, model_id) asc, (model_id <> coalesce(group_name, model_id)) asc,
              model_id asc`),
        ).map((r) => r.model_id),
      );
    const before = await reference();
    expect(before).toHaveLength(344);
    expect((await everyPage({ group: 'yes' })).map((r) => r.modelId)).toEqual(before);
    const first = before[0];
    // Renaming the first model to sort last changes the revision: the next page view reads the new order.
    await deployed.db.use(({ db }) =>
      db.execute(sql`update models set display_name = 'zzzz last' where model_id = ${first ?? ''}`),
    );
    const after = await reference();
    expect(after[0]).not.toBe(first);
    expect((await everyPage({ group: 'yes' })).map((r) => r.modelId)).toEqual(after);
  });
});
