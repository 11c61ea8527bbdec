// The deploy gate's question, "do any models exist?", kept tiny so the check command starts fast: it needs only
// `execute(text)`, which both a Drizzle database and the bare driver (db/driver.ts) have.
import { rowsOf } from '../../../db/driver';

/** Anything that runs one SQL text: a Drizzle database or transaction, or the bare driver. */
export type TextExecutor = { execute(text: string): PromiseLike<unknown> };

/** Counts every model row (retired and manual ones included). Throws on any database problem: never "empty". */
export async function countModels(db: TextExecutor): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await db.execute('select count(*)::int as n from models'));
  return Number(row?.n ?? 0);
}
