// The deploy gate's question, "do any models exist?", kept tiny so the check command starts fast.
import { count } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { models } from '../../db/schema';

/** Counts every model row (retired and manual ones included). Throws on any database problem: never "empty". */
export async function countModels(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(models);
  return Number(row?.n ?? 0);
}
