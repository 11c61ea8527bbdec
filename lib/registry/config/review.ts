// The review queue: new models an admin has not looked at yet. A model waits for review when a sync adds it with the
// default status for new models (defaultNewModelStatus, or its provider's own) — nobody decided that status, the
// setting did. A provider's first sync (an empty registry, or a newly added provider) is the starting point and
// queues nothing; every later sync queues what it adds (a status pinned by config is decided, so it is not queued).
// It stays queued, with the time the sync first saw it, until a person marks it reviewed or sets its status
// (dashboard row or bulk edit, `models:edit`, import): the change pipeline (changes/plan.ts) ends the wait and
// writes a `reviewed` audit event holding whatever else that person changed in the same step.
import { isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { models, type StatusSource } from '../../../db/schema';

/** Whether a seed queues a model it adds (sync/plan.ts). */
export function queuesForReview(add: { firstSync: boolean; statusSource: StatusSource }): boolean {
  return !add.firstSync && add.statusSource === 'default';
}

/** The models awaiting review, as a filter (the Models page's "Awaiting review", bulk edit by filter). */
export const awaitingReview = () => isNotNull(models.awaitingReviewSince);

/** How many models await review (the home page's count). */
export async function countAwaitingReview(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(models).where(awaitingReview());
  return row?.n ?? 0;
}
