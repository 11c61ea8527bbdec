// A model row as several rooms read it: the columns the seed's planner reads under lock (the Models page lists the
// same columns, and a few of its own, for each row), and which rows are offered. Here, below sync/, reads/ and
// access/, so none of them imports another for it.
import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { models } from '../../../db/schema';
import { isModelId } from './fields';
import { qualifiedModelId, resolveModelRef } from './qualified-id';

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

/**
 * What clients may use: active and not retired. The one definition, for the consumer list, its single lookups and
 * the access groups (which only ever judge offered models).
 */
export const offered = (): SQL => and(eq(models.status, 'active'), isNull(models.retiredAt)) as SQL;

/**
 * Whether the consumer API can serve an offered row under its own id: not a row stored before the model-id rule
 * (control characters), nor a Mistral model whose bare id reads as another provider's (a manual `openai/gpt-4o`
 * names OpenAI's model). `known`: providers/ids.ts `registryProviderIds`. The list, its lookups and the access groups judge only such rows.
 */
export function servedByApi(row: { provider: string; modelId: string }, known: ReadonlySet<string>): boolean {
  if (!isModelId(row.modelId)) return false;
  const named = resolveModelRef(qualifiedModelId(row.provider, row.modelId), known);
  return named.provider === row.provider && named.modelId === row.modelId;
}
