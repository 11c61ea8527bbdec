// The Models page's search (lib/registry/reads/models-page.ts `searchCondition`, migration 0018) on each engine: a
// model matches when its id, its name or one of its aliases holds what was typed, in any case — the same whether the
// trigram index answers (a run of three letters or digits) or each row is matched — and a selective search is
// answered from the index, not by reading every row.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../db/driver';
import { models } from '../db/schema';
import { filterCondition, listModels, parseModelFilter } from '../lib/registry/reads/models-page';
import { deployedCatalogDb } from './support/catalog-db';
import { engine } from './support/db';

const deployed = deployedCatalogDb();

/** Every model the page lists for a search, page by page. */
async function searched(q: string): Promise<string[]> {
  return deployed.db.use(async ({ db }) => {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const list = await listModels(db, parseModelFilter({ q, perPage: '25', page: String(page) }));
      ids.push(...list.rows.map((r) => r.modelId));
      if (page >= list.pageCount) return ids.sort();
    }
  });
}

type Searchable = { modelId: string; displayName: string; aliases: string[] };

/** What a search should find, by its definition: one field (or one alias) holding the text, in any case. */
function expected(rows: Searchable[], q: string): string[] {
  const holds = (field: string) => field.toLowerCase().includes(q.toLowerCase());
  return rows
    .filter((r) => holds(r.modelId) || holds(r.displayName) || r.aliases.some(holds))
    .map((r) => r.modelId)
    .sort();
}

describe(`the Models page's search on ${engine}`, () => {
  it('finds a model by its id, name or one alias, in any case, whether or not trigrams answer', async () => {
    const rows = await deployed.db.use(({ db }) =>
      db
        .select({ modelId: models.modelId, displayName: models.displayName, aliases: models.aliases })
        .from(models),
    );
    expect(rows.length).toBe(44);
    const twoAliases = rows.find((r) => r.aliases.length >= 2);
    if (!twoAliases) throw new Error('the catalog has a model with two aliases');
    const [first = '', second = ''] = twoAliases.aliases;
    // The end of one alias and the start of the next, as if they were one text: no single field holds it.
    const acrossAliases = `${first.slice(-4)} ${second.slice(0, 4)}`;
    // The same with no three letters or digits in a row: matched field by field, not from the index.
    const acrossAliasesShort = `${first.slice(-2)} ${second.slice(0, 2)}`;
    const acrossFields = `${twoAliases.modelId.slice(-3)}${twoAliases.displayName.slice(0, 3)}`;
    const queries = [
      'LARGE', // trigrams, upper case
      'Mistral Large', // trigrams, a name with a space
      '2411', // digits
      'tral-sm', // trigrams across a hyphen
      'la', // too short for a trigram
      'l-2', // no run of three: matched row by row
      'E-L', // the same, upper case
      '%', // a literal percent sign: no model holds one
      '_', // a literal underscore
      'nothing-like-this',
      acrossAliases,
      acrossAliasesShort,
      acrossFields,
    ];
    for (const q of queries) expect({ q, ids: await searched(q) }).toEqual({ q, ids: expected(rows, q) });
    // The cases that must find something do: a search that matched nothing everywhere would pass the rest.
    for (const q of ['LARGE', 'la', 'l-2', '2411']) expect((await searched(q)).length, q).toBeGreaterThan(0);
    for (const q of [acrossAliases, acrossAliasesShort, acrossFields])
      expect(expected(rows, q), q).toEqual([]);
  });

  it('answers a search with three letters or digits in a row from the trigram index', async () => {
    const plan = async (q: string) =>
      deployed.db.use(({ db }) =>
        db.transaction(async (tx) => {
          // 44 models are a table the planner would rather read whole; what matters is that the index path exists.
          await tx.execute(sql`set local enable_seqscan = off`);
          const where = filterCondition(parseModelFilter({ q }));
          return rowsOf<{ 'QUERY PLAN': string }>(
            await tx.execute(sql`explain select count(*) from models where ${where}`),
          )
            .map((r) => r['QUERY PLAN'])
            .join('\n');
        }),
      );
    expect(await plan('large')).toMatch(/Bitmap Index Scan on models_search_idx/);
    expect(await plan('mistral-777-2501')).toMatch(/Bitmap Index Scan on models_search_idx/);
    // No trigram to look up: the index would be read whole, so it is not asked.
    expect(await plan('l-2')).not.toMatch(/models_search_idx/);
  });
});
