// How people read audit events: a label per action (exhaustive: a new action the UI forgot fails the type check),
// a name per recorded field, and an event's before → after as lines of plain words. Pure: pages and tests import it.
import type { AccessEventAction, AccountEventAction, ModelEventAction } from '../../../db/schema';

export const ACTION_LABELS: Record<ModelEventAction, string> = {
  created: 'Created',
  updated: 'Fields changed',
  status_changed: 'Status changed',
  retired: 'Retired',
  restored: 'Restored',
  deleted: 'Deleted',
  alias_moved: 'Alias moved to another model',
  reviewed: 'Reviewed',
  undone: 'Bulk edit undone',
};

export const ACCOUNT_ACTION_LABELS: Record<AccountEventAction, string> = {
  created: 'Account added',
  role_changed: 'Role changed',
  password_reset: 'Password reset',
  removed: 'Account removed',
};

export const ACCESS_ACTION_LABELS: Record<AccessEventAction, string> = {
  key_created: 'API key created',
  key_revoked: 'API key revoked',
  key_rotated: 'API key rotated (revoked, replaced)',
  group_created: 'Access group created',
  group_changed: 'Access group changed',
  group_deleted: 'Access group deleted',
  team_created: 'Team created',
  team_changed: 'Team changed',
  team_deleted: 'Team deleted',
};

/** Every field an event records (lib/registry/audit/events.ts `EventFields` and the payloads), as people name it. */
const FIELD_LABELS: Record<string, string> = {
  displayName: 'Display name',
  description: 'Description',
  type: 'Type',
  capabilities: 'Capabilities',
  contextLength: 'Context length',
  aliases: 'Aliases',
  deprecation: 'Deprecation',
  deprecationReplacement: 'Replacement',
  inputPricePerMtok: 'Input price per 1M tokens',
  outputPricePerMtok: 'Output price per 1M tokens',
  isDefault: 'Default for its type',
  groupName: 'Group',
  status: 'Status',
  statusSource: 'Status source',
  statusSetBy: 'Status set by',
  overriddenFields: 'Overridden fields',
  source: 'Source',
  awaitingReviewSince: 'Awaiting review since',
  priceSource: 'Price source',
  reason: 'Reason',
  retired: 'Retired',
  target: 'Alias serves',
  role: 'Role',
  name: 'Name',
  kind: 'Kind',
  team: 'Team',
  groups: 'Groups',
  match: 'Rule',
  include: 'Includes',
  exclude: 'Excludes',
  expiresAt: 'Expires',
  revokedAt: 'Revoked',
};

/**
 * Marks an event carries for the operation that wrote it (events.ts `ChangeTags`: which bulk edit, which undo): they
 * say which events belong together, not what changed, so no line shows them.
 */
const OPERATION_MARKS = new Set(['bulkEdit', 'undoes']);

/** The fields a created or deleted event is summed up by; the rest are counted. */
const SUMMARY_FIELDS = ['displayName', 'type', 'status', 'statusSource', 'role'];

export function fieldLabel(key: string): string {
  if (key.startsWith('provider.')) {
    const label = fieldLabel(key.slice('provider.'.length));
    return `Provider’s ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
  }
  return FIELD_LABELS[key] ?? key;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A recorded scalar in words: none, yes/no, instants as UTC, objects as compact JSON. */
function showScalar(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') {
    if (ISO.test(value)) return `${new Date(value).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** A value as shown: words, or a list's items each in words (pages show them as chips; empty is "none"). */
export type ShownValue = string | string[];

function showValue(value: unknown): ShownValue {
  return Array.isArray(value) ? value.map(showScalar) : showScalar(value);
}

/** A field's value in words; who set a status is named as people read actors (`actorLabel`). */
function showField(key: string, value: unknown): ShownValue {
  return key === 'statusSetBy' && typeof value === 'string' ? actorLabel(value) : showValue(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One line of an event: a field and its values (null: that side is absent); an empty field is a note. */
export type ChangeLine = { field: string; before: ShownValue | null; after: ShownValue | null };

/**
 * An event's before → after as lines. A side that is absent (a created model has no before) is null. A created or
 * deleted model is summed up by its main fields and a count of the others, so a row of the log stays short.
 */
export function describeEventChanges(
  action: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): ChangeLine[] {
  // In the order people read a model's fields (jsonb keeps its own key order), unknown fields last.
  const order = Object.keys(FIELD_LABELS);
  const rank = (key: string) => {
    const at = order.indexOf(key.replace(/^provider\./, ''));
    return at === -1 ? order.length : at;
  };
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
    .filter((key) => !OPERATION_MARKS.has(key))
    // A field recorded on both sides with the same value (who set a status, when another admin set it again)
    // did not change: a line "Status source: admin → admin" would read as a change.
    .filter((key) => !(before && after && key in before && key in after && same(before[key], after[key])))
    .sort((a, b) => rank(a) - rank(b));
  const short = (action === 'created' || action === 'deleted') && (before === null || after === null);
  const shown = short ? keys.filter((k) => SUMMARY_FIELDS.includes(k)) : keys;
  const lines: ChangeLine[] = shown.map((key) => ({
    field: fieldLabel(key),
    // A reason explains this change; it had no value before it ("Reason: none → …" would read as a change).
    before: before && key !== 'reason' ? showField(key, before[key]) : null,
    after: after ? showField(key, after[key]) : null,
  }));
  const hidden = keys.length - shown.length;
  if (hidden > 0) {
    const more = `${hidden} more ${hidden === 1 ? 'field' : 'fields'}`;
    lines.push({ field: '', before: null, after: `and ${more}` });
  }
  return lines;
}

const ACTOR_NAMES: Record<string, string> = {
  seed: 'Sync',
  config: 'Config',
  deploy: 'Deploy',
  schedule: 'Scheduled sync',
  import: 'Import',
  cli: 'CLI',
};

/**
 * An audit actor as people read it: an admin by their email (`admin:ada@example.com` → `ada@example.com`), a
 * command by its name (`cli:walk` → `walk (CLI)`), the registry's own actors in words (`seed` → `Sync`).
 */
export function actorLabel(actor: string): string {
  if (actor.startsWith('admin:')) return actor.slice('admin:'.length);
  if (actor.startsWith('cli:')) return `${actor.slice('cli:'.length)} (CLI)`;
  return ACTOR_NAMES[actor] ?? actor;
}

/** Why a model has its status when no config pin holds it, in a few words: who set it, or the default. */
export function statusOrigin(source: string, setBy: string): string {
  if (source === 'admin') return `set by ${actorLabel(setBy)}`;
  if (source === 'config') return 'set by config';
  return 'default for new models';
}

/**
 * What an edit changed, in field labels: "Display name and context length changed.", "Status changed; marked
 * reviewed." `changed` is the planner's list of names (changes/plan.ts `PlannedChange.changed`).
 */
export function describeChangedFields(changed: readonly string[]): string {
  const fields = changed.filter((key) => key !== 'reviewed').map(fieldLabel);
  const reviewed = changed.includes('reviewed');
  if (fields.length === 0) return reviewed ? 'Marked reviewed.' : 'Nothing to change.';
  const names = fields.map((label, i) =>
    i === 0 ? label : `${label.charAt(0).toLowerCase()}${label.slice(1)}`,
  );
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${list} changed${reviewed ? '; marked reviewed' : ''}.`;
}
