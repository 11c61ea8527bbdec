// Writes a seed plan: a constant number of batched statements (one per kind of write, never one per model),
// inside the caller's transaction, with one audit event per change.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { rowsOf } from '../../db/driver';
import { type ModelEventAction, models, providers } from '../../db/schema';
import { RegistryError } from './errors';
import type { SeedPlan } from './plan';

export type EventRow = {
  model_pk: number | null;
  provider: string;
  model_id: string;
  actor: string;
  action: ModelEventAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  seed_run_id: string | null;
};

/** Inserts audit events in one statement. */
export async function insertEvents(tx: Executor, events: EventRow[]): Promise<void> {
  if (events.length === 0) return;
  await tx.execute(sql`
    insert into model_events (model_pk, provider, model_id, actor, action, before, after, seed_run_id)
    select r.model_pk, r.provider, r.model_id, r.actor, r.action, r.before, r.after, r.seed_run_id
    from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
      as r(model_pk int, provider text, model_id text, actor text, action text, before jsonb, after jsonb, seed_run_id uuid)`);
}

/**
 * Applies `plan` for `runId`. The caller holds the seed advisory lock and has read the rows FOR UPDATE, so the
 * plan's versions are current; a mismatch still aborts the whole transaction rather than overwrite anything.
 * Returns the audit events, for the caller to insert once the seed_runs row they reference exists.
 */
export async function applySeedPlan(
  tx: Executor,
  plan: SeedPlan,
  runId: string,
  now: Date,
): Promise<EventRow[]> {
  const at = now.toISOString();
  const events: EventRow[] = [];
  const event = (e: Omit<EventRow, 'provider' | 'seed_run_id'>) =>
    events.push({ ...e, provider: plan.provider, seed_run_id: runId });

  if (plan.adds.length > 0) {
    // New models and their `created` events in ONE statement. Postgres builds each model's provider values and its
    // event's "after" from the inserted row itself, so the JSON sent is the rows alone and nothing is joined back
    // (the events' reference to the seed run is checked at commit; the run row is written last, when its duration
    // is known). A status reason is the same for almost every new model, so it is sent once, with the few that
    // differ (the pinned ones) as a short list beside it.
    const reasons = new Map<string, number>();
    for (const add of plan.adds) reasons.set(add.status.reason, (reasons.get(add.status.reason) ?? 0) + 1);
    const commonReason = [...reasons].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    const otherReasons = plan.adds
      .filter((add) => add.status.reason !== commonReason)
      .map((add) => ({ model_id: add.modelId, reason: add.status.reason }));
    const rows = plan.adds.map((add) => ({
      model_id: add.modelId,
      display_name: add.values.displayName,
      description: add.values.description,
      type: add.values.type,
      capabilities: add.values.capabilities,
      context_length: add.values.contextLength,
      aliases: add.values.aliases,
      group_name: add.groupName,
      deprecation: add.values.deprecation,
      deprecation_replacement: add.values.deprecationReplacement,
      status: add.status.status,
      status_source: add.status.source,
      status_set_by: add.status.setBy,
    }));
    await tx.execute(sql`
      with inserted as (
        insert into models (provider, model_id, display_name, description, type, capabilities, context_length,
          aliases, group_name, deprecation, deprecation_replacement, status, status_source, status_set_by,
          status_set_at, source, provider_values, created_at, updated_at)
        select ${plan.provider}, r.model_id, r.display_name, r.description, r.type, r.capabilities, r.context_length,
          r.aliases, r.group_name, r.deprecation::timestamptz, r.deprecation_replacement, r.status, r.status_source,
          r.status_set_by, ${at}::timestamptz, 'provider',
          jsonb_build_object('displayName', r.display_name, 'description', r.description, 'type', r.type,
            'capabilities', to_jsonb(r.capabilities), 'contextLength', r.context_length,
            'aliases', to_jsonb(r.aliases), 'deprecation', r.deprecation,
            'deprecationReplacement', r.deprecation_replacement),
          ${at}::timestamptz, ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(model_id text, display_name text,
          description text, type text, capabilities text[], context_length int, aliases text[], group_name text,
          deprecation text, deprecation_replacement text, status text, status_source text, status_set_by text)
        returning id, model_id, provider_values, group_name, status, status_source
      )
      insert into model_events (model_pk, provider, model_id, actor, action, before, after, seed_run_id)
      select i.id, ${plan.provider}, i.model_id,
        case when i.status_source = 'config' then 'config' else 'seed' end, 'created', null,
        i.provider_values || jsonb_build_object('groupName', i.group_name, 'status', i.status,
          'statusSource', i.status_source, 'reason', coalesce(o.reason, ${commonReason}::text)),
        ${runId}::uuid
      from inserted i
        left join jsonb_to_recordset(${JSON.stringify(otherReasons)}::jsonb) as o(model_id text, reason text)
          on o.model_id = i.model_id`);
  }

  if (plan.updates.length > 0) {
    const rows = plan.updates.map((u) => ({
      pk: u.pk,
      version: u.version,
      display_name: u.values.displayName,
      description: u.values.description,
      type: u.values.type,
      capabilities: u.values.capabilities,
      context_length: u.values.contextLength,
      aliases: u.values.aliases,
      group_name: u.groupName,
      deprecation: u.values.deprecation,
      deprecation_replacement: u.values.deprecationReplacement,
      status: u.status?.after.status ?? null,
      status_source: u.status?.after.source ?? null,
      status_set_by: u.status?.after.setBy ?? null,
      restore: u.restore,
      overridden_fields: u.overriddenFields,
      provider_values: u.providerValues,
    }));
    const updated = rowsOf<{ id: number }>(
      await tx.execute(sql`
        update models m set
          display_name = r.display_name, description = r.description, type = r.type,
          capabilities = r.capabilities, context_length = r.context_length, aliases = r.aliases,
          group_name = r.group_name, deprecation = r.deprecation, deprecation_replacement = r.deprecation_replacement,
          status = coalesce(r.status, m.status),
          status_source = coalesce(r.status_source, m.status_source),
          status_set_by = coalesce(r.status_set_by, m.status_set_by),
          status_set_at = case when r.status is null then m.status_set_at else ${at}::timestamptz end,
          retired_at = case when r.restore then null else m.retired_at end,
          source = 'provider', overridden_fields = r.overridden_fields, provider_values = r.provider_values,
          version = m.version + 1, updated_at = ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(pk int, version int, display_name text,
          description text, type text, capabilities text[], context_length int, aliases text[], group_name text,
          deprecation timestamptz, deprecation_replacement text, status text, status_source text,
          status_set_by text, restore boolean, overridden_fields text[], provider_values jsonb)
        where m.id = r.pk and m.version = r.version
        returning m.id`),
    );
    if (updated.length !== plan.updates.length) {
      throw new RegistryError(
        'conflict',
        `${plan.updates.length - updated.length} model(s) changed while the seed was being applied; nothing was written. Run the seed again.`,
      );
    }
    for (const u of plan.updates) {
      const base = { model_pk: u.pk, model_id: u.modelId };
      const changes = u.fieldChanges;
      if (changes.length > 0 || u.adopt) {
        event({
          ...base,
          actor: 'seed',
          action: 'updated',
          before: Object.fromEntries(
            changes.map((c) => [c.scope === 'provider' ? `provider.${c.field}` : c.field, c.before]),
          ),
          after: {
            ...Object.fromEntries(
              changes.map((c) => [c.scope === 'provider' ? `provider.${c.field}` : c.field, c.after]),
            ),
            ...(u.adopt ? { source: 'provider', overriddenFields: u.overriddenFields } : {}),
          },
        });
      }
      if (u.status) {
        event({
          ...base,
          actor: u.status.after.source === 'config' ? 'config' : 'seed',
          action: 'status_changed',
          before: { status: u.status.before.status, statusSource: u.status.before.source },
          after: {
            status: u.status.after.status,
            statusSource: u.status.after.source,
            reason: u.status.after.reason,
          },
        });
      }
      if (u.restore) {
        event({
          ...base,
          actor: 'seed',
          action: 'restored',
          before: { retired: true },
          after: { retired: false },
        });
      }
    }
  }

  if (plan.retirements.length > 0) {
    const retired = rowsOf<{ id: number }>(
      await tx.execute(sql`
        update models m set retired_at = ${at}::timestamptz, version = m.version + 1, updated_at = ${at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(plan.retirements.map((r) => ({ pk: r.pk, version: r.version })))}::jsonb)
          as r(pk int, version int)
        where m.id = r.pk and m.version = r.version
        returning m.id`),
    );
    if (retired.length !== plan.retirements.length) {
      throw new RegistryError(
        'conflict',
        'Models changed while the seed was being applied; nothing was written. Run the seed again.',
      );
    }
    for (const r of plan.retirements) {
      event({
        model_pk: r.pk,
        model_id: r.modelId,
        actor: 'seed',
        action: 'retired',
        before: { retired: false },
        after: { retired: true, reason: `${plan.provider} no longer lists it` },
      });
    }
  }

  await tx
    .update(providers)
    .set({ lastSyncedAt: now, updatedAt: now })
    .where(eq(providers.id, plan.provider));
  return events;
}

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
  version: models.version,
};
