// Rows sent to Postgres as one JSON value and read back as a typed recordset (`jsonb_to_recordset`): the batched
// writers' one statement per kind of write. Column names and SQL types come from the Drizzle table definition, so a
// hand-written statement never restates them as text (a renamed or retyped column changes every statement with it).
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

type ColumnKey<T extends PgTable> = Extract<keyof T['_']['columns'], string>;

export type Recordset<T extends PgTable, K extends ColumnKey<T>, E extends string> = {
  /** `jsonb_to_recordset($1::jsonb) as r(col type, …)`: use after FROM. */
  from: SQL;
  /** `r.<column>` for a table field or an extra column. */
  col: (key: K | E) => SQL;
  /** `<column> = r.<column>, …` for an UPDATE's SET, for the given table fields. */
  assign: (keys: readonly K[]) => SQL;
  /** The table's column names for the given fields, `a, b, c`, for an INSERT's column list. */
  names: (keys: readonly K[]) => SQL;
  /** `r.a, r.b, r.c`, for an INSERT's SELECT list. */
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
  const nameOf = (key: K | E) => (key in extra ? key : column(key).name);
  const definitions = [
    ...keys.map((k) => `"${column(k).name}" ${column(k).getSQLType()}`),
    ...Object.entries(extra).map(([name, type]) => `"${name}" ${type}`),
  ].join(', ');
  const json = JSON.stringify(
    rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) out[nameOf(key as K | E)] = value;
      return out;
    }),
  );
  const a = sql.raw(`"${alias}"`);
  return {
    from: sql`jsonb_to_recordset(${json}::jsonb) as ${a}(${sql.raw(definitions)})`,
    col: (key) => sql`${a}.${sql.raw(`"${nameOf(key)}"`)}`,
    assign: (fields) =>
      sql.join(
        fields.map((k) => sql.raw(`"${column(k).name}" = "${alias}"."${column(k).name}"`)),
        sql`, `,
      ),
    names: (fields) => sql.raw(fields.map((k) => `"${column(k).name}"`).join(', ')),
    values: (fields) => sql.raw(fields.map((k) => `"${alias}"."${column(k).name}"`).join(', ')),
  };
}
