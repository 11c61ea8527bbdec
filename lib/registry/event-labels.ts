// How people read audit events: a label per action (exhaustive: a new action the UI forgot fails the type check),
// a name per recorded field, and an event's before → after as lines of plain words. Pure: pages and tests import it.
import type { AccountEventAction, ModelEventAction } from '../../db/schema';

export const ACTION_LABELS: Record<ModelEventAction, string> = {
  created: 'Created',
  updated: 'Fields changed',
  status_changed: 'Status changed',
  retired: 'Retired',
  restored: 'Restored',
  deleted: 'Deleted',
  alias_moved: 'Alias moved to another model',
  reviewed: 'Reviewed',
};

export const ACCOUNT_ACTION_LABELS: Record<AccountEventAction, string> = {
  created: 'Account added',
  role_changed: 'Role changed',
  password_reset: 'Password reset',
  removed: 'Account removed',
};

/** Every field an event records (lib/registry/audit.ts `EventFields` and the payloads), as people name it. */
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
  overriddenFields: 'Overridden fields',
  source: 'Source',
  awaitingReviewSince: 'Awaiting review since',
  reason: 'Reason',
  retired: 'Retired',
  target: 'Alias serves',
  role: 'Role',
};

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

/** A recorded value in words: none, yes/no, lists comma-separated, instants as UTC, objects as compact JSON. */
function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(showValue).join(', ');
  if (typeof value === 'string') {
    if (ISO.test(value)) return `${new Date(value).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
    return value;
  }
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** One line of an event: a field and its values (null: that side is absent); an empty field is a note. */
export type ChangeLine = { field: string; before: string | null; after: string | null };

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
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort(
    (a, b) => rank(a) - rank(b),
  );
  const short = (action === 'created' || action === 'deleted') && (before === null || after === null);
  const shown = short ? keys.filter((k) => SUMMARY_FIELDS.includes(k)) : keys;
  const lines: ChangeLine[] = shown.map((key) => ({
    field: fieldLabel(key),
    before: before ? showValue(before[key]) : null,
    after: after ? showValue(after[key]) : null,
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
