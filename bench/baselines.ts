// The naive ways the products this one replaces did it: one ORM statement per model. Beside the registry's own
// paths in the same run, on the same database, they show what batching buys. Never used by the product.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { modelEvents, models } from '../db/schema';
import type { ProviderCatalog } from '../lib/registry/types';

/** Seeds a catalog with one upsert per model, in one transaction. */
export async function naiveSeed(db: Database, catalog: ProviderCatalog): Promise<void> {
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
      await tx
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
    }
  });
}

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
