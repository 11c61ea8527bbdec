// The registry's revision: a trigger bumps registry_state.models_revision in every transaction that writes `models`
// (db/schema.ts). A reader that keeps something derived from every row (the consumer list, the resolved pins)
// reads the revision first, one primary-key lookup, and derives again only when it moved: what it keeps is then
// never older than its revision, and the next request after any commit, in any process, sees the change.
import type { Executor } from '../../db/client';
import { registryState } from '../../db/schema';

export async function modelsRevision(db: Executor): Promise<number> {
  const [row] = await db.select({ revision: registryState.modelsRevision }).from(registryState);
  return row?.revision ?? 0;
}
