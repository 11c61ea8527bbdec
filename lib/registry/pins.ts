// Config pins as they apply to the models the registry holds now (for edits, the UI and the doctor).
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
