// One row of the Models table as the page hands it to the client: the table and the edit dialog both read it.
import type { PriceView } from './price-label';

export type TableRow = {
  id: number;
  provider: string;
  /** How people name the provider ("Mistral AI"), from the providers table. */
  providerName: string;
  modelId: string;
  displayName: string;
  description: string | null;
  capabilities: string[];
  source: 'provider' | 'manual';
  version: number;
  overriddenFields: string[];
  providerValues: {
    displayName: string;
    description: string | null;
    contextLength: number | null;
    capabilities: string[];
  } | null;
  aliases: string[];
  type: string;
  status: 'active' | 'inactive';
  statusSource: string;
  statusSetBy: string;
  pin: string | null;
  contextLength: number | null;
  inputPrice: string | null;
  outputPrice: string | null;
  /** Where the prices came from (lib/registry/model/prices.ts): admin, provider, catalog:<package>@<version>, or null. */
  priceSource: string | null;
  /** Under an admin's price: the provider's or the catalog's one a reset would restore (null: unknown). */
  seedPrice: PriceView | null;
  isDefault: boolean;
  deprecation: string | null;
  deprecationReplacement: string | null;
  /** DEPRECATION_WARNING_DAYS' verdict (lib/registry/lifecycle/deprecation.ts): flagged when upcoming or past. */
  deprecationState: 'none' | 'upcoming' | 'past';
  /** Set on a deprecated default whose replacement is offered: the model id the default can move to. */
  defaultReplacement: string | null;
  retired: boolean;
  /** ISO instant of the sync that added it, while it waits for an admin's review (lib/registry/config/review.ts). */
  awaitingReviewSince: string | null;
  lastChangedBy: string | null;
  /** ISO instant of the row's newest audit event; null with lastChangedBy when it has none. */
  lastChangedAt: string | null;
  updatedAt: string;
  /** The model's group (lib/registry/reads/models-page.ts `groupKey`): its ids are listed together when the page groups. */
  groupKey: string;
  /**
   * Who may use it through the consumer API (lib/registry/access/): the groups holding it and the teams granted
   * any of them; null when it is not offered; absent when no group but `all` and no team exist.
   */
  access?: { groups: string[]; teams: string[] } | null;
};
