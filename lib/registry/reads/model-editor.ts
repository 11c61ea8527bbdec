// The edit dialog's view of one model, read when the dialog opens. The Models page's rows carry only what a row
// shows: every row's description, provider values and prices' origin for a dialog that opens on one of them made
// a page of 50 rows weigh twice what it shows (issue 27).
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { models } from '../../../db/schema';
import { describePin, pagePins, pinKey } from '../config/pins';
import { priceView, type SourcedPrice } from '../model/prices';
import { existingModelColumns } from '../model/row';
import type { ModelDefaults } from '../types';

export type EditableModel = {
  id: number;
  provider: string;
  modelId: string;
  source: 'provider' | 'manual';
  /** What a save names as the version it edits: a stale save is refused (changes/model-edit.ts). */
  version: number;
  type: string;
  displayName: string;
  description: string | null;
  status: 'active' | 'inactive';
  /** The config pin that holds the status, in words; null when the UI may change it. */
  pin: string | null;
  contextLength: number | null;
  capabilities: string[];
  inputPrice: string | null;
  outputPrice: string | null;
  /** Where the prices came from (model/prices.ts): admin, provider, catalog:<package>@<version>, or null. */
  priceSource: string | null;
  /** Under an admin's price: the provider's or the catalog's one a reset would restore. */
  seedPrice: SourcedPrice | null;
  isDefault: boolean;
  /** Fields an admin set by hand; each shows the provider's value beside it. */
  overriddenFields: string[];
  providerValues: {
    displayName: string;
    description: string | null;
    contextLength: number | null;
    capabilities: string[];
  } | null;
};

/** One model as the edit dialog shows it, or null when no model has that row id (deleted since the page loaded). */
export async function editableModel(
  db: Executor,
  config: ModelDefaults,
  id: number,
  now = new Date(),
): Promise<EditableModel | null> {
  const [row] = await db
    .select({ ...existingModelColumns, isDefault: models.isDefault })
    .from(models)
    .where(eq(models.id, id));
  if (!row) return null;
  const pin = (await pagePins(db, config, now)).get(pinKey(row.provider, row.modelId));
  const values = row.providerValues;
  return {
    id: row.id,
    provider: row.provider,
    modelId: row.modelId,
    source: row.source,
    version: row.version,
    type: row.type,
    displayName: row.displayName,
    description: row.description,
    status: row.status,
    pin: pin ? describePin(pin) : null,
    contextLength: row.contextLength,
    capabilities: row.capabilities,
    inputPrice: row.inputPricePerMtok,
    outputPrice: row.outputPricePerMtok,
    ...priceView(row),
    isDefault: row.isDefault,
    overriddenFields: row.overriddenFields,
    providerValues: values
      ? {
          displayName: values.displayName,
          description: values.description,
          contextLength: values.contextLength,
          capabilities: values.capabilities,
        }
      : null,
  };
}
