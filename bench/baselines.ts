// The naive ways the products this one replaces did it: one ORM statement per model. Beside the registry's own
// paths in the same run, on the same database, they show what batching buys. Never used by the product.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { modelEvents, models } from '../db/schema';
import type { ProviderCatalog } from '../lib/registry/types';

/** Seeds a catalog with one upsert per model, in one transaction (`withEvents`: and one audit insert per model). */
async function naiveLoop(db: Database, catalog: ProviderCatalog, withEvents: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    for (const card of catalog.cards) {
      const values = {
        displayName: card.modelId,
        description: card.description,
        type: card.type,
        capabilities: card.capabilities,
        contextLength: card.contextLength,
        aliases: card.aliases,
        groupName: card.groupName,
        deprecation: card.deprecation ? new Date(card.deprecation) : null,
        deprecationReplacement: card.deprecationReplacement,
      };
      const upsert = tx
        .insert(models)
        .values({
          provider: catalog.provider,
          modelId: card.modelId,
          ...values,
          status: 'inactive',
          statusSource: 'default',
          statusSetBy: 'default',
          source: 'provider',
        })
        .onConflictDoUpdate({ target: [models.provider, models.modelId], set: values });
      if (!withEvents) await upsert;
      else {
        // Only here does the loop need the row's id back: the named baseline stays exactly one plain upsert.
        const [row] = await upsert.returning({ id: models.id });
        await tx.insert(modelEvents).values({
          modelPk: row?.id ?? null,
          provider: catalog.provider,
          modelId: card.modelId,
          actor: 'seed',
          action: 'created',
          before: null,
          after: { ...values, status: 'inactive', statusSource: 'default' },
        });
      }
    }
  });
}

/** The baseline P2 names: one upsert per model, in one transaction. */
export const naiveSeed = (db: Database, catalog: ProviderCatalog) => naiveLoop(db, catalog, false);

/** The same loop doing the seed's work per model: its row and its audit event. */
export const naiveSeedWithEvents = (db: Database, catalog: ProviderCatalog) => naiveLoop(db, catalog, true);

/** Sets every listed model's status with one UPDATE and one audit INSERT per model, in one transaction. */
export async function naiveBulkStatus(
  db: Database,
  rows: { id: number; provider: string; modelId: string; status: string }[],
  status: 'active' | 'inactive',
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const row of rows) {
      await tx
        .update(models)
        .set({
          status,
          statusSource: 'admin',
          statusSetBy: 'admin:naive',
          version: sql`${models.version} + 1`,
        })
        .where(sql`${models.id} = ${row.id}`);
      await tx.insert(modelEvents).values({
        modelPk: row.id,
        provider: row.provider,
        modelId: row.modelId,
        actor: 'admin:naive',
        action: 'status_changed',
        before: { status: row.status },
        after: { status },
      });
    }
  });
}
