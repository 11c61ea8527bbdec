// Config pins as they apply to the models the registry holds now: the one resolution every entry point uses (edits,
// bulk, import, manual create, the UI and the doctor). The seed resolves the same rules (groups.ts) over the cards
// it is about to store. A manual model is matched by its own exact id only, so it never takes a pin away from a
// provider's models.
import { isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { models } from '../../db/schema';
import { type PinCandidate, type PinResolution, resolvePins } from './groups';
import type { ModelDefaults } from './types';

/**
 * Resolves the configured pins against every listed (non-retired) model, across providers, plus `extra`
 * candidates not yet in the table (a manual model being created).
 */
export async function registryPins(
  db: Executor,
  config: ModelDefaults,
  now: Date,
  extra: PinCandidate[] = [],
): Promise<PinResolution> {
  const rows = await db
    .select({
      modelId: models.modelId,
      source: models.source,
      groupName: models.groupName,
      aliases: models.aliases,
      deprecation: models.deprecation,
      deprecationReplacement: models.deprecationReplacement,
    })
    .from(models)
    .where(isNull(models.retiredAt));
  const candidates: PinCandidate[] = rows.map((row) => ({
    ...row,
    deprecation: row.deprecation ? row.deprecation.toISOString() : null,
  }));
  return resolvePins([...candidates, ...extra], config, now);
}
