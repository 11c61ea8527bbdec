// The registry's tables. Table and column names are part of the operator contract (README "Database").
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const MODEL_STATUSES = ['active', 'inactive'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** Why a model has its status: a config pin, an admin's hand, or the default for new models. */
export const STATUS_SOURCES = ['config', 'admin', 'default'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

export const MODEL_SOURCES = ['provider', 'manual'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

export const SEED_TRIGGERS = ['cli', 'deploy', 'ui', 'schedule'] as const;
export type SeedTrigger = (typeof SEED_TRIGGERS)[number];

/** What an audit event records. The UI maps every one of these (Record<ModelEventAction, …>), so a new kind fails the type check. */
export const MODEL_EVENT_ACTIONS = [
  'created',
  'updated',
  'status_changed',
  'retired',
  'restored',
  'deleted',
  /** An alias now serves another dated model (lib/registry/lifecycle/alias-drift.ts); written by a seed on the alias's row. */
  'alias_moved',
  /** An admin looked at a model awaiting review (lib/registry/config/review.ts), with or without changing it. */
  'reviewed',
  /** An admin undid a bulk edit (lib/registry/changes/undo.ts): the values its events recorded before, put back. */
  'undone',
] as const;
export type ModelEventAction = (typeof MODEL_EVENT_ACTIONS)[number];

export const SEED_OUTCOMES = ['applied', 'skipped', 'failed'] as const;
export type SeedOutcome = (typeof SEED_OUTCOMES)[number];

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const providers = pgTable('providers', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  apiBaseUrl: text('api_base_url').notNull(),
  /** When a seed last fetched this provider's full list successfully: every non-retired model was in it. */
  lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
  ...timestamps,
});

/**
 * The provider's own values of the fields an admin may override. Kept even when overridden, so the UI can show
 * both and "reset to provider value" needs no provider call.
 */
export type ProviderValues = {
  displayName: string;
  description: string | null;
  type: string;
  capabilities: string[];
  contextLength: number | null;
  aliases: string[];
  deprecation: string | null;
  deprecationReplacement: string | null;
};
export type OverridableField = keyof ProviderValues;

/**
 * The price a seed found (the provider's own or the price catalog's, USD per 1M tokens as decimal text), kept in
 * provider_values under `price` beside an admin's price (lib/registry/model/prices.ts). Not an overridable field: the two
 * prices and their source are one pair.
 */
export type StoredPrice = { input: string | null; output: string | null; source: string };
/** provider_values as stored: the overridable fields' provider values, and the seed's price (null: unknown). */
export type StoredProviderValues = ProviderValues & { price?: StoredPrice | null };
/** Every overridable field, in the order people read them. */
export const OVERRIDABLE_FIELDS = [
  'displayName',
  'description',
  'type',
  'capabilities',
  'contextLength',
  'aliases',
  'deprecation',
  'deprecationReplacement',
] as const satisfies readonly OverridableField[];

/** The values of a model a person may change: the overridable ones and the prices (USD per 1M tokens, decimal text). */
export type EditableValues = ProviderValues & {
  inputPricePerMtok: string | null;
  outputPricePerMtok: string | null;
};
export type EditableField = keyof EditableValues;
export const EDITABLE_FIELDS = [
  ...OVERRIDABLE_FIELDS,
  'inputPricePerMtok',
  'outputPricePerMtok',
] as const satisfies readonly EditableField[];

/** The unique index that keeps one default model per type (writers map its violation to a conflict). */
export const ONE_DEFAULT_PER_TYPE_INDEX = 'models_one_default_per_type';

export const models = pgTable(
  'models',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    provider: text('provider')
      .notNull()
      .references(() => providers.id),
    modelId: text('model_id').notNull(),
    displayName: text('display_name').notNull(),
    description: text('description'),
    type: text('type').notNull(),
    capabilities: text('capabilities').array().notNull().default(sql`'{}'::text[]`),
    contextLength: integer('context_length'),
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    /** The provider's underlying model name: cards that share it (or alias each other) are one group. */
    groupName: text('group_name'),
    deprecation: timestamp('deprecation', { withTimezone: true }),
    deprecationReplacement: text('deprecation_replacement'),
    status: text('status').$type<ModelStatus>().notNull(),
    statusSource: text('status_source').$type<StatusSource>().notNull(),
    statusSetBy: text('status_set_by').notNull(),
    statusSetAt: timestamp('status_set_at', { withTimezone: true }).notNull().defaultNow(),
    inputPricePerMtok: numeric('input_price_per_mtok', { precision: 14, scale: 6 }),
    outputPricePerMtok: numeric('output_price_per_mtok', { precision: 14, scale: 6 }),
    /**
     * Where the two prices came from: `admin` (set by hand; a seed never overwrites it), `provider` (the provider's
     * own answer) or `catalog:<package>@<version>` (a bundled price catalog); null while both are unknown.
     */
    priceSource: text('price_source'),
    /**
     * Since when a model added with the default status for new models waits for an admin to look at it (set by the
     * sync that first saw it, never by a provider's first sync); null once reviewed or when it never waited.
     */
    awaitingReviewSince: timestamp('awaiting_review_since', { withTimezone: true }),
    isDefault: boolean('is_default').notNull().default(false),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    source: text('source').$type<ModelSource>().notNull(),
    /** Fields whose live value an admin set by hand; a seed never overwrites these. */
    overriddenFields: text('overridden_fields')
      .array()
      .$type<OverridableField[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    providerValues: jsonb('provider_values').$type<StoredProviderValues>(),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('models_provider_model_id_key').on(t.provider, t.modelId),
    // One default per type, across the registry.
    uniqueIndex(ONE_DEFAULT_PER_TYPE_INDEX).on(t.type).where(sql`${t.isDefault}`),
    // The Models page's default order (reads/models-page.ts): a page of a filter that matches many models walks this and
    // stops after the page. No index on status: a two-valued column an index barely narrows, and with one every
    // bulk status edit rewrote an index entry per model (issue 17, P8).
    index('models_name_idx').on(t.displayName, t.modelId),
    // The Models page's search (migration 0018): trigrams of id, name and aliases, joined by U+001F.
    index('models_search_idx').using(
      'gin',
      sql`models_search_text(${t.modelId}, ${t.displayName}, ${t.aliases}) gin_trgm_ops`,
    ),
    index('models_awaiting_review_idx')
      .on(t.awaitingReviewSince)
      .where(sql`${t.awaitingReviewSince} is not null`),
    check('models_status_check', sql`${t.status} in ('active', 'inactive')`),
    check('models_status_source_check', sql`${t.statusSource} in ('config', 'admin', 'default')`),
    check('models_source_check', sql`${t.source} in ('provider', 'manual')`),
    check('models_version_positive', sql`${t.version} > 0`),
  ],
);

export const seedRuns = pgTable(
  'seed_runs',
  {
    id: uuid('id').primaryKey(),
    trigger: text('trigger').$type<SeedTrigger>().notNull(),
    provider: text('provider').notNull(),
    /** `api`, `catalog` or `file:<path>`. */
    source: text('source').notNull(),
    dryRun: boolean('dry_run').notNull().default(false),
    outcome: text('outcome').$type<SeedOutcome>().notNull(),
    /** Why it was skipped or what it did, in one line an operator can read. */
    detail: text('detail'),
    added: integer('added').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    statusChanged: integer('status_changed').notNull().default(0),
    retired: integer('retired').notNull().default(0),
    restored: integer('restored').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    /** For deploy checks: how many models existed when the gate decided. */
    existingModels: integer('existing_models'),
    warnings: jsonb('warnings').$type<string[]>().notNull().default([]),
    error: text('error'),
    actor: text('actor').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [
    index('seed_runs_started_at_idx').on(t.startedAt),
    check('seed_runs_trigger_check', sql`${t.trigger} in ('cli', 'deploy', 'ui', 'schedule')`),
    check('seed_runs_outcome_check', sql`${t.outcome} in ('applied', 'skipped', 'failed')`),
  ],
);

/**
 * Append-only audit log (a trigger refuses UPDATE and DELETE). It keeps the model's provider and id as text, not
 * a foreign key, so the history of a deleted manual model survives it.
 */
export const modelEvents = pgTable(
  'model_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    modelPk: integer('model_pk'),
    provider: text('provider').notNull(),
    modelId: text('model_id').notNull(),
    /** `admin:<email>`, `seed`, `config`, `cli` or `cli:<name>`. */
    actor: text('actor').notNull(),
    action: text('action').$type<ModelEventAction>().notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    seedRunId: uuid('seed_run_id').references(() => seedRuns.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A model's events newest first (its history, the page's "last change"), by id: one probe for the newest,
    // however long the history (by created_at, every event of the model was read and sorted).
    index('model_events_model_id_idx').on(t.provider, t.modelId, t.id),
    // Only a seed's events name a run: an admin's (a bulk edit writes 100,000) are not indexed by a null.
    index('model_events_seed_run_idx').on(t.seedRunId).where(sql`${t.seedRunId} is not null`),
  ],
);

export const USER_ROLES = ['admin', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Stored lower-cased and trimmed: one account per address. */
    email: text('email').notNull(),
    /** scrypt, self-describing (`scrypt$N$r$p$salt$hash`); never leaves the server. */
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<UserRole>().notNull(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    check('users_role_check', sql`${t.role} in ('admin', 'viewer')`),
  ],
);

/** What an account event records: who was added, had their role changed, had their password reset, or was removed. */
export const ACCOUNT_EVENT_ACTIONS = ['created', 'role_changed', 'password_reset', 'removed'] as const;
export type AccountEventAction = (typeof ACCOUNT_EVENT_ACTIONS)[number];

/**
 * Append-only audit log of account changes (a trigger refuses UPDATE and DELETE), from the dashboard's Users page
 * and from `admin:create`. It keeps the account's email as text, not a foreign key, so a removed account's history
 * survives it. Never a password or its hash: `before`/`after` hold the role.
 */
export const accountEvents = pgTable(
  'account_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The account changed (lower-cased). */
    email: text('email').notNull(),
    /** `admin:<email>`, `cli` or `cli:<name>`. */
    actor: text('actor').notNull(),
    action: text('action').$type<AccountEventAction>().notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('account_events_created_at_idx').on(t.createdAt),
    check(
      'account_events_action_check',
      sql`${t.action} in ('created', 'role_changed', 'password_reset', 'removed')`,
    ),
  ],
);

export const API_KEY_KINDS = ['team', 'platform'] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

/**
 * Consumer API keys (lib/registry/access/keys.ts). The secret is shown once and stored only as its SHA-256 hash;
 * `prefix` (`mrk_` and 8 characters) names the key afterwards and is its lookup. A team key sees its team's models
 * (narrowed to `groups` when they are set); a platform key sees every offered model. Teams and groups are named by
 * slug, not by foreign key: a key whose team or group goes away sees nothing of it, never everything.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<ApiKeyKind>().notNull(),
    team: text('team'),
    groups: text('groups').array().notNull().default(sql`'{}'::text[]`),
    /** `admin:<email>`, `cli` or `cli:<name>`. */
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
    /** Written at most once a minute per key, not on every request. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** The prefix of the key this one replaced (rotation). */
    rotatedFrom: text('rotated_from'),
  },
  (t) => [
    uniqueIndex('api_keys_prefix_idx').on(t.prefix),
    check('api_keys_kind_check', sql`${t.kind} in ('team', 'platform')`),
    check('api_keys_team_check', sql`(${t.kind} = 'team') = (${t.team} is not null)`),
  ],
);

/** What a stored group's rule says (lib/registry/access/rules.ts `GroupMatch`): every criterion it names must hold. */
export type StoredGroupMatch = {
  providers?: string[];
  ids?: string[];
  types?: string[];
  capabilities?: string[];
  deprecated?: boolean;
};

/**
 * Access groups saved in the dashboard (lib/registry/access/edits.ts), beside those ACCESS_PATH declares (a slug
 * the file declares wins). A group is a rule over the offered models plus explicit includes and excludes. Writing
 * here moves the registry's revision (the trigger of `models`), so every view derived from groups is derived again.
 */
export const accessGroups = pgTable('access_groups', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  /** null: the group is its includes alone. */
  match: jsonb('match').$type<StoredGroupMatch>(),
  include: text('include').array().notNull().default(sql`'{}'::text[]`),
  exclude: text('exclude').array().notNull().default(sql`'{}'::text[]`),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Teams saved in the dashboard: each granted groups by slug (a group deleted is taken out of every team's list). */
export const accessTeams = pgTable('access_teams', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  groups: text('groups').array().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const ACCESS_EVENT_ACTIONS = [
  'key_created',
  'key_revoked',
  'key_rotated',
  'group_created',
  'group_changed',
  'group_deleted',
  'team_created',
  'team_changed',
  'team_deleted',
] as const;
export type AccessEventAction = (typeof ACCESS_EVENT_ACTIONS)[number];

/**
 * Append-only audit log of access changes (a trigger refuses UPDATE and DELETE): keys created, revoked, rotated;
 * groups and teams created, changed, deleted. `subject` is the key's prefix, `group:<slug>` or `team:<slug>`. Never a secret or its hash: `before`/`after` hold what people may read.
 */
export const accessEvents = pgTable(
  'access_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    subject: text('subject').notNull(),
    actor: text('actor').notNull(),
    action: text('action').$type<AccessEventAction>().notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('access_events_created_at_idx').on(t.createdAt),
    check(
      'access_events_action_check',
      sql`${t.action} in ('key_created', 'key_revoked', 'key_rotated', 'group_created', 'group_changed', 'group_deleted', 'team_created', 'team_changed', 'team_deleted')`,
    ),
  ],
);

/**
 * Failed API key attempts by client address (lib/registry/access/key-limit.ts): past a limit in a window, the
 * address is refused before any key it sends is looked up. Never the key that was sent.
 */
export const apiKeyFailures = pgTable(
  'api_key_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    address: text('address').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('api_key_failures_address_at_idx').on(t.address, t.at)],
);

/** Failed sign-ins, by email and by client address, for rate limiting across processes. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** `email:<address>` or `ip:<address>`. */
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_key_at_idx').on(t.key, t.at)],
);

/**
 * Signed-in sessions, one row per sign-in: the cookie names its row, and a session is valid only while its row
 * exists and is younger than AUTH_SESSION_MAX_AGE_HOURS. Signing out deletes the row; a password reset deletes every
 * row of that user (in the reset's transaction); removing the account removes them too.
 */
export const sessions = pgTable(
  'sessions',
  {
    /** Random (256 bits, base64url), carried inside the encrypted session cookie. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    signedInAt: timestamp('signed_in_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId), index('sessions_signed_in_at_idx').on(t.signedInAt)],
);

/**
 * The scheduled sync slots already taken (SYNC_SCHEDULE): one row per scheduled instant, inserted by the one app
 * instance that runs it. Several instances on one database race for the insert; the others skip that slot.
 */
export const syncSlots = pgTable('sync_slots', {
  slot: timestamp('slot', { withTimezone: true }).primaryKey(),
  /** Which process took it: host and pid, for people reading the table. */
  instance: text('instance').notNull(),
  takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What became of a webhook delivery: still being tried, accepted by the receiver, or given up. */
export const WEBHOOK_OUTCOMES = ['pending', 'delivered', 'failed'] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/**
 * Each notification sent to NOTIFY_WEBHOOK_URL after a sync or deploy that found something for a person or a
 * gateway's config not yet announced (gateway_announcements): its
 * document, and how its delivery went (attempts, the receiver's last answer or the error). The id is the
 * X-Registry-Delivery header, the same on every retry.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    trigger: text('trigger').$type<SeedTrigger>().notNull(),
    /** The receiver, redacted of credentials. */
    url: text('url').notNull(),
    /** The human summary (the document's `text`). */
    summary: text('summary').notNull(),
    payload: jsonb('payload').notNull(),
    outcome: text('outcome').$type<WebhookOutcome>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('webhook_deliveries_created_at_idx').on(t.createdAt),
    check('webhook_deliveries_outcome_check', sql`${t.outcome} in ('pending', 'delivered', 'failed')`),
  ],
);

/**
 * One row: a counter a trigger bumps on every write to `models` (statement level, in the writer's transaction).
 * Readers of the consumer API compare it to decide whether their cached list is still current, across processes.
 */
export const registryState = pgTable(
  'registry_state',
  {
    id: integer('id').primaryKey().default(1),
    modelsRevision: bigint('models_revision', { mode: 'number' }).notNull().default(0),
  },
  (t) => [check('registry_state_single_row', sql`${t.id} = 1`)],
);

export type Provider = typeof providers.$inferSelect;
export type User = typeof users.$inferSelect;
export type Model = typeof models.$inferSelect;
export type NewModel = typeof models.$inferInsert;
export type ModelEvent = typeof modelEvents.$inferSelect;
export type AccountEvent = typeof accountEvents.$inferSelect;
export type NewModelEvent = typeof modelEvents.$inferInsert;
export type SeedRun = typeof seedRuns.$inferSelect;
export type NewSeedRun = typeof seedRuns.$inferInsert;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type AccessGroupRow = typeof accessGroups.$inferSelect;
export type AccessTeamRow = typeof accessTeams.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type AccessEvent = typeof accessEvents.$inferSelect;

/**
 * Each gateway's config as the webhook last announced it (a delivered notification): the next delivery names each
 * format whose config is no longer this one, whatever changed it since — a sync, an admin's edit, a release or a
 * new ACCESS_PATH. A format never announced differs from every config.
 */
export const gatewayAnnouncements = pgTable('gateway_announcements', {
  /** `litellm` or `librechat` (lib/registry/gateways/targets.ts). */
  format: text('format').primaryKey(),
  /** The config's fingerprint below its header (lib/registry/gateways/yaml.ts valueFingerprint). */
  fingerprint: text('fingerprint').notNull(),
  /** The delivery that announced it, for people tracing one (deliveries may be pruned: no foreign key). */
  deliveryId: uuid('delivery_id').notNull(),
  announcedAt: timestamp('announced_at', { withTimezone: true }).notNull().defaultNow(),
});
