// The columns of a model row that the seed's planner reads under lock; the Models page lists the same columns (and a
// few of its own) for each row. Below sync/ and reads/ alike, so neither room imports the other for it.
import { models } from '../../../db/schema';

/** Columns the planner needs, read under lock. */
export const existingModelColumns = {
  id: models.id,
  provider: models.provider,
  modelId: models.modelId,
  displayName: models.displayName,
  description: models.description,
  type: models.type,
  capabilities: models.capabilities,
  contextLength: models.contextLength,
  aliases: models.aliases,
  groupName: models.groupName,
  deprecation: models.deprecation,
  deprecationReplacement: models.deprecationReplacement,
  status: models.status,
  statusSource: models.statusSource,
  statusSetBy: models.statusSetBy,
  retiredAt: models.retiredAt,
  source: models.source,
  overriddenFields: models.overriddenFields,
  providerValues: models.providerValues,
  inputPricePerMtok: models.inputPricePerMtok,
  outputPricePerMtok: models.outputPricePerMtok,
  priceSource: models.priceSource,
  version: models.version,
};
