// Rows sent to Postgres as one JSON value and read back as a typed recordset (`json_to_recordset`): the batched
// writers' one statement per kind of write. Column names and SQL types come from the Drizzle table definition, so a
// hand-written statement never restates them as text (a renamed or retyped column changes every statement with it).
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

type ColumnKey<T extends PgTable> = Extract<keyof T['_']['columns'], string>;

export type Recordset<T extends PgTable, K extends ColumnKey<T>, E extends string> = {
  /** `json_to_recordset($1::json) as r(c0 type, …)`: use after FROM. */
  from: SQL;
  /** The recordset's column for a table field or an extra column (`r.c3`). */
  col: (key: K | E) => SQL;
  /** `<column> = r.<its column>, …` for an UPDATE's SET, for the given table fields. */
  assign: (keys: readonly K[]) => SQL;
  /** The table's column names for the given fields, `a, b, c`, for an INSERT's column list. */
  names: (keys: readonly K[]) => SQL;
  /** The recordset's columns for the given fields, for an INSERT's SELECT list. */
  values: (keys: readonly K[]) => SQL;
};

/**
 * `rows` are keyed by the table's field names (`modelId`, not `model_id`) plus any `extra` columns, whose SQL types
 * are given (e.g. `{ expected_version: 'integer' }`).
 */
export function recordset<T extends PgTable, K extends ColumnKey<T>, E extends string = never>(
  table: T,
  keys: readonly K[],
  rows: readonly Partial<Record<NoInfer<K> | NoInfer<E>, unknown>>[],
  extra: Record<E, string> = {} as Record<E, string>,
  alias = 'r',
): Recordset<T, K, E> {
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const column = (key: string) => {
    const c = columns[key];
    if (!c) throw new Error(`recordset: ${key} is not a column of this table`);
    return c;
  };
  // In the JSON and the recordset, each field is named by its position (`c0`, `c1`…) and a null is left out (a
  // missing key reads as NULL): the JSON Postgres parses is about half the size it is with column names and nulls.
  const fields = new Map<string, { alias: string; type: string }>();
  for (const k of keys) fields.set(k, { alias: `c${fields.size}`, type: column(k).getSQLType() });
  for (const [name, type] of Object.entries(extra) as [string, string][])
    fields.set(name, { alias: `c${fields.size}`, type });
  const aliasOf = (key: string) => {
    const field = fields.get(key);
    if (!field) throw new Error(`recordset: ${key} is not one of its columns`);
    return field.alias;
  };
  const definitions = [...fields.values()].map((f) => `"${f.alias}" ${f.type}`).join(', ');
  const json = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const key in row) {
        const field = fields.get(key);
        if (!field) {
          column(key); // a field of the table the statement does not read is not sent; anything else is a bug
          continue;
        }
        const value = row[key as K | E];
        if (value !== null && value !== undefined) out[field.alias] = value;
      }
      return out;
    }),
  );
  const a = sql.raw(`"${alias}"`);
  const ref = (key: string) => `"${alias}"."${aliasOf(key)}"`;
  return {
    // json, not jsonb: Postgres reads the rows once as it goes, instead of first building a jsonb value of them all.
    from: sql`json_to_recordset(${json}::json) as ${a}(${sql.raw(definitions)})`,
    col: (key) => sql.raw(ref(key)),
    assign: (keys) => sql.raw(keys.map((k) => `"${column(k).name}" = ${ref(k)}`).join(', ')),
    names: (keys) => sql.raw(keys.map((k) => `"${column(k).name}"`).join(', ')),
    values: (keys) => sql.raw(keys.map(ref).join(', ')),
  };
}
