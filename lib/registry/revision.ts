// The registry's revision: a trigger bumps registry_state.models_revision in every transaction that writes `models`
// or the saved access groups and teams (db/schema.ts, access/edits.ts). A reader that keeps something derived from
// every row (the consumer list, the resolved pins, the filter choices, the access groups' members) reads the
// revision first, one primary-key lookup, and derives again only when it moved: what it keeps is then never older
// than its revision, and the next request after any commit, in any process, sees the change.
import type { Executor } from '../../db/client';
import { registryState } from '../../db/schema';

/** The revision now (one primary-key lookup). */
export async function modelsRevision(db: Executor): Promise<number> {
  const [row] = await db.select({ revision: registryState.modelsRevision }).from(registryState);
  return row?.revision ?? 0;
}

/**
 * `derive`, kept per database handle (a process normally has one; tests open several) and per `keyOf` of its
 * arguments until the revision moves; at most `size` keys per revision, the oldest dropped first. What is kept is
 * the derivation itself, from its start: 40 viewers asking at once for a search nobody asked before wait for one
 * count, not 40 (a derivation that fails is forgotten, so the next asks again). For pages that read, outside any
 * transaction: a write derives afresh in its own.
 */
export function keptPerRevision<A extends unknown[], T>(
  derive: (db: Executor, ...args: A) => Promise<T>,
  keyOf: (...args: A) => string = () => '',
  size = 1,
): (db: Executor, ...args: A) => Promise<T> {
  const kept = new WeakMap<Executor, { revision: number; values: Map<string, Promise<T>> }>();
  return async (db, ...args) => {
    const revision = await modelsRevision(db);
    const key = keyOf(...args);
    let entry = kept.get(db);
    if (entry?.revision !== revision) {
      entry = { revision, values: new Map() };
      kept.set(db, entry);
    }
    const known = entry.values.get(key);
    if (known) return known;
    const value = derive(db, ...args);
    const values = entry.values;
    if (values.size >= size) values.delete(values.keys().next().value as string);
    values.set(key, value);
    // A failure is not kept: the next request derives again (unless a newer derivation took its place).
    value.catch(() => {
      if (values.get(key) === value) values.delete(key);
    });
    return value;
  };
}
