// Provider-neutral shapes shared by the provider clients, the seed planner and the commands.

/** Model types the registry knows. Derived from a provider's capability flags (see model/type.ts). */
export const MODEL_TYPES = [
  'chat',
  'embedding',
  'moderation',
  'ocr',
  'audio',
  'fim',
  'classification',
  'image',
  'other',
] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

/** How people read each type; exhaustive, so a new type fails the type check until it has a label. */
export const MODEL_TYPE_LABELS: Record<ModelType, string> = {
  chat: 'Chat',
  embedding: 'Embedding',
  moderation: 'Moderation',
  ocr: 'OCR',
  audio: 'Audio',
  fim: 'Fill-in-the-middle',
  classification: 'Classification',
  image: 'Image',
  other: 'Other',
};

export function modelTypeLabel(type: string): string {
  return MODEL_TYPE_LABELS[type as ModelType] ?? type;
}

/**
 * One model id as a provider lists it, normalised. Every alias of a provider is its own card (Mistral lists
 * `mistral-medium`, `mistral-medium-latest` and `mistral-medium-2508` as three cards of one group).
 */
export type ProviderCard = {
  /** The id a client sends, unique within the provider after normalisation. */
  modelId: string;
  /** The provider's underlying model name; cards sharing it are one group. */
  groupName: string;
  /** Other ids of the same model, as the provider lists them (may be empty even where `groupName` groups ids). */
  aliases: string[];
  description: string | null;
  contextLength: number | null;
  /** Enabled capability flags, sorted, unknown flags kept. */
  capabilities: string[];
  type: ModelType;
  /** ISO-8601 instant after which the provider stops serving the model, or null. */
  deprecation: string | null;
  deprecationReplacement: string | null;
  /** The provider's own name for the model, where it gives one; otherwise the registry derives one from the id. */
  displayName?: string | null;
  /**
   * The provider's own price, USD per 1M tokens as decimal text, null on a side it does not give; absent when it
   * gives none (then the price catalog may know it, lib/registry/model/prices.ts). OpenRouter and Together give prices.
   */
  price?: { input: string | null; output: string | null };
};

/** Where a catalog came from: the provider's live API, the bundled offline copy, or an operator's file. */
export type CatalogSource =
  | { kind: 'api'; url: string }
  | { kind: 'catalog' }
  | { kind: 'file'; path: string };

export type ProviderCatalog = {
  provider: string;
  source: CatalogSource;
  /** Sorted by modelId; ids are unique. */
  cards: ProviderCard[];
  /** Drift the client tolerated (duplicate ids merged, unknown fields…), one readable line each. */
  warnings: string[];
};

export type FetchCatalogOptions = {
  signal?: AbortSignal;
  /** Called before each retry, so a terminal can show progress. */
  onRetry?: (info: { attempt: number; status: number | null; delayMs: number; reason: string }) => void;
};

/** A provider the registry can sync from. A second provider is one new file implementing this. */
export interface ModelProvider {
  readonly id: string;
  readonly displayName: string;
  readonly apiBaseUrl: string;
  fetchCatalog(options?: FetchCatalogOptions): Promise<ProviderCatalog>;
}

/** Operator configuration of statuses (config/model-defaults.ts, or MODEL_DEFAULTS_PATH). */
export type ModelDefaults = {
  /** Entries naming a model id, alias or group; `openai/gpt-4o` names OpenAI's only (see config/pins.ts). */
  alwaysActive: string[];
  alwaysInactive: string[];
  defaultNewModelStatus: 'active' | 'inactive';
  /** Per-provider settings: a provider's own status for new models. */
  providers?: Readonly<Record<string, { defaultNewModelStatus?: 'active' | 'inactive' }>>;
  /** Provider ids an entry may be qualified with (built-in and declared); absent: the built-in ones. */
  knownProviders?: readonly string[];
};

/** Environment variables as the registry reads them (a plain record, so tests can pass their own). */
export type Env = Readonly<Record<string, string | undefined>>;
