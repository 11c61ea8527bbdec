// One row of the Models table as the page hands it to the client: what the row shows and its buttons need, nothing
// more. Each row travels twice (as HTML and as the table's props), so an optional field that is empty is left out
// rather than sent as null or false; the edit dialog reads the rest when it opens (lib/registry/reads/model-editor.ts).

export type TableRow = {
  id: number;
  provider: string;
  modelId: string;
  displayName: string;
  /** Shown on hover over the name. */
  description?: string;
  aliases: string[];
  type: string;
  status: 'active' | 'inactive';
  /** Why the model has its status, in a few words: the pin, who set it, or the default for new models. */
  origin: string;
  /** Set when a config pin holds the status: the UI cannot change it. */
  pinned?: true;
  contextLength: number | null;
  inputPrice?: string;
  outputPrice?: string;
  /** Where the prices came from (lib/registry/model/prices.ts): admin, provider, catalog:<package>@<version>. */
  priceSource?: string;
  isDefault?: true;
  /** Added by an admin, not by a sync. */
  manual?: true;
  /** The fields an admin set by hand, as people name them ("Display name, Prices"): every sync keeps them. */
  edited?: string;
  deprecation?: string;
  deprecationReplacement?: string;
  /** DEPRECATION_WARNING_DAYS' verdict (lib/registry/lifecycle/deprecation.ts): set when upcoming or past. */
  deprecationState?: 'upcoming' | 'past';
  /**
   * Set on a deprecated default whose replacement is offered: the model id the default can move to, and the
   * version of this row the move acts on.
   */
  defaultReplacement?: { modelId: string; version: number };
  retired?: true;
  /** ISO instant of the sync that added it, while it waits for an admin's review (lib/registry/config/review.ts). */
  awaitingReviewSince?: string;
  /** Who made the row's newest audit event and when (ISO); absent when it has none. */
  lastChanged?: { by: string; at: string };
  /** The model's group (lib/registry/reads/models-page.ts `groupKey`), sent when the page groups its ids. */
  groupKey?: string;
  /**
   * Who may use it through the consumer API (lib/registry/access/): the groups holding it and the teams granted
   * any of them; absent when it is not offered, or when no group but `all` and no team exist.
   */
  access?: { groups: string[]; teams: string[] };
};

/**
 * A row's fields in the order a packed row holds them: what every row has first, then what most rows have, the
 * rare ones last (a packed row ends at its last present field). Every field of TableRow, once.
 */
const PACKED_FIELDS = [
  'id',
  'provider',
  'modelId',
  'displayName',
  'aliases',
  'type',
  'status',
  'origin',
  'contextLength',
  'lastChanged',
  'description',
  'inputPrice',
  'outputPrice',
  'priceSource',
  'access',
  'groupKey',
  'edited',
  'pinned',
  'isDefault',
  'manual',
  'deprecation',
  'deprecationReplacement',
  'deprecationState',
  'defaultReplacement',
  'retired',
  'awaitingReviewSince',
] as const satisfies readonly (keyof TableRow)[];

// Every field of TableRow is packed: a field added to the type and not to the list fails to compile here.
type Unpacked = Exclude<keyof TableRow, (typeof PACKED_FIELDS)[number]>;
const everyFieldPacked: [Unpacked] extends [never] ? true : Unpacked = true;
void everyFieldPacked;

/**
 * A row as the page sends it to the table: its values in PACKED_FIELDS order, null where a field is absent. The
 * rows travel as the table's props beside their HTML, and as objects each repeated its field names (a third of
 * the props of a page of 50; issue 27).
 */
export type PackedRow = unknown[];

export function packRow(row: TableRow): PackedRow {
  const values = PACKED_FIELDS.map((field) => row[field] ?? null);
  let end = values.length;
  while (end > 0 && values[end - 1] === null) end--;
  return values.slice(0, end);
}

export function unpackRow(packed: PackedRow): TableRow {
  const row: Record<string, unknown> = {};
  PACKED_FIELDS.forEach((field, i) => {
    const value = packed[i];
    // contextLength is the one field whose null is a value (unknown), not an absence.
    if (value !== null && value !== undefined) row[field] = value;
    else if (field === 'contextLength') row[field] = null;
  });
  return row as TableRow;
}
