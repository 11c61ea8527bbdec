// Writes a seed plan in batched statements (one per kind of write, one per 10,000 new models; never one per model),
// inside the caller's transaction, with one audit event per change.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { rowsOf } from '../../../db/driver';
import { recordset } from '../../../db/recordset';
import { modelEvents, models, OVERRIDABLE_FIELDS, providers } from '../../../db/schema';
import type { AuditEvent } from '../audit/events';
import { RegistryError } from '../errors';
import { PRICE_FIELDS, storedPrice } from '../model/prices';
import type { SeedPlan } from './plan';

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
  providerInfo?: { displayName: string; apiBaseUrl: string },
): Promise<AuditEvent[]> {
  const at = now.toISOString();
  if (providerInfo) {
    // A provider's first models need its row; later seeds keep its name and address current.
    await tx
      .insert(providers)
      .values({ id: plan.provider, ...providerInfo, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: providers.id, set: { ...providerInfo, updatedAt: now } });
  }
  const events: AuditEvent[] = [];
  const event = (e: DistributiveOmit<AuditEvent, 'provider' | 'seedRunId'>) =>
    events.push({ ...e, provider: plan.provider, seedRunId: runId } as AuditEvent);

  if (plan.adds.length > 0) {
    // New models and their `created` events in ONE statement per ADD_CHUNK models. Postgres builds each model's
    // provider values and its event's "after" from the inserted row itself, so the JSON sent is the rows alone and
    // nothing is joined back (the events' reference to the seed run is checked at commit; the run row is written
    // last, when its duration is known). A status reason is the same for almost every new model, so it is sent
    // once, with the few that differ (the pinned ones) as a short list beside it.
    const reasons = new Map<string, number>();
    for (const add of plan.adds) reasons.set(add.status.reason, (reasons.get(add.status.reason) ?? 0) + 1);
    const commonReason = [...reasons].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    for (let from = 0; from < plan.adds.length; from += ADD_CHUNK) {
      await insertAdded(tx, plan, plan.adds.slice(from, from + ADD_CHUNK), commonReason, runId, at);
    }
  }

  if (plan.updates.length > 0) {
    const r = recordset(
      models,
      ['id', 'version', ...REFRESHED, 'status', 'statusSource', 'statusSetBy'],
      plan.updates.map((u) => ({
        id: u.pk,
        version: u.version,
        ...u.values,
        groupName: u.groupName,
        overriddenFields: u.overriddenFields,
        providerValues: u.providerValues,
        inputPricePerMtok: u.price.input,
        outputPricePerMtok: u.price.output,
        priceSource: u.price.source,
        status: u.status?.after.status ?? null,
        statusSource: u.status?.after.source ?? null,
        statusSetBy: u.status?.after.setBy ?? null,
        restore: u.restore,
      })),
      { restore: 'boolean' },
    );
    const updated = rowsOf<{ id: number }>(
      await tx.execute(sql`
        update models m set ${r.assign(REFRESHED)},
          status = coalesce(${r.col('status')}, m.status),
          status_source = coalesce(${r.col('statusSource')}, m.status_source),
          status_set_by = coalesce(${r.col('statusSetBy')}, m.status_set_by),
          status_set_at = case when ${r.col('status')} is null then m.status_set_at else ${at}::timestamptz end,
          retired_at = case when ${r.col('restore')} then null else m.retired_at end,
          source = 'provider', version = m.version + 1, updated_at = ${at}::timestamptz
        from ${r.from}
        where m.id = ${r.col('id')} and m.version = ${r.col('version')}
        returning m.id`),
    );
    if (updated.length !== plan.updates.length) {
      throw new RegistryError(
        'conflict',
        `${plan.updates.length - updated.length} model(s) changed while the seed was being applied; nothing was written. Run the seed again.`,
      );
    }
    for (const u of plan.updates) {
      const base = { modelPk: u.pk, modelId: u.modelId };
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
    const retiring = recordset(
      models,
      ['id', 'version'],
      plan.retirements.map((r) => ({ id: r.pk, version: r.version })),
    );
    const retired = rowsOf<{ id: number }>(
      await tx.execute(sql`
        update models m set retired_at = ${at}::timestamptz, version = m.version + 1, updated_at = ${at}::timestamptz
        from ${retiring.from}
        where m.id = ${retiring.col('id')} and m.version = ${retiring.col('version')}
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
        modelPk: r.pk,
        modelId: r.modelId,
        actor: 'seed',
        action: 'retired',
        before: { retired: false },
        after: { retired: true, reason: `${plan.provider} no longer lists it` },
      });
    }
  }

  // An alias's move changes no column of its row (the row's own changes are above): it is an event only.
  for (const move of plan.aliasMoves) {
    event({
      modelPk: move.pk,
      modelId: move.alias,
      actor: 'seed',
      action: 'alias_moved',
      before: { target: move.from },
      after: { target: move.to },
    });
  }

  await tx
    .update(providers)
    .set({ lastSyncedAt: now, updatedAt: now })
    .where(eq(providers.id, plan.provider));
  return events;
}

/**
 * New models in one batch: a chunk of a plan's adds, with their `created` events, in one statement. A chunk bounds
 * what one statement holds in memory on both sides (its JSON, the driver's message, Postgres's parse of it) at a
 * statement per ADD_CHUNK models: 50,000 new models sent at once held ~50 MB of buffers in the command alone.
 */
async function insertAdded(
  tx: Executor,
  plan: SeedPlan,
  adds: SeedPlan['adds'],
  commonReason: string,
  runId: string,
  at: string,
): Promise<void> {
  const otherReasons = adds
    .filter((add) => add.status.reason !== commonReason)
    .map((add) => ({ modelId: add.modelId, reason: add.status.reason }));
  const r = recordset(
    models,
    ADDED,
    adds.map((add) => ({
      modelId: add.modelId,
      ...add.values,
      groupName: add.groupName,
      status: add.status.status,
      statusSource: add.status.source,
      statusSetBy: add.status.setBy,
      awaitingReviewSince: add.awaitingReview ? at : null,
      inputPricePerMtok: add.price.input,
      outputPricePerMtok: add.price.output,
      priceSource: add.price.source,
      deprecation_iso: add.values.deprecation,
      kept_price: storedPrice(add.price),
    })),
    { deprecation_iso: 'text', kept_price: 'jsonb' },
  );
  const reasonRows = recordset(modelEvents, ['modelId'], otherReasons, { reason: 'text' }, 'o');
  // The provider's values go into provider_values exactly as sent (the deprecation as its ISO text, which later
  // seeds compare with), so that one column is read as text beside the typed columns.
  await tx.execute(sql`
    with inserted as (
      insert into models (${r.names(ADDED)}, provider, status_set_at, source, provider_values, created_at, updated_at)
      select ${r.values(ADDED)}, ${plan.provider}, ${at}::timestamptz, 'provider',
        jsonb_build_object('displayName', ${r.col('displayName')}, 'description', ${r.col('description')},
          'type', ${r.col('type')}, 'capabilities', to_jsonb(${r.col('capabilities')}),
          'contextLength', ${r.col('contextLength')}, 'aliases', to_jsonb(${r.col('aliases')}),
          'deprecation', ${r.col('deprecation_iso')}, 'deprecationReplacement', ${r.col('deprecationReplacement')},
          'price', ${r.col('kept_price')}),
        ${at}::timestamptz, ${at}::timestamptz
      from ${r.from}
      returning id, model_id, provider_values, group_name, status, status_source, input_price_per_mtok,
        output_price_per_mtok, price_source, awaiting_review_since
    )
    insert into model_events (model_pk, provider, model_id, actor, action, before, after, seed_run_id)
    select i.id, ${plan.provider}, i.model_id,
      case when i.status_source = 'config' then 'config' else 'seed' end, 'created', null,
      i.provider_values || jsonb_build_object('groupName', i.group_name, 'status', i.status,
        'inputPricePerMtok', trim_scale(i.input_price_per_mtok)::text,
        'outputPricePerMtok', trim_scale(i.output_price_per_mtok)::text,
        'priceSource', i.price_source,
        'statusSource', i.status_source, 'reason', coalesce(${reasonRows.col('reason')}, ${commonReason}::text))
        || case when i.awaiting_review_since is null then '{}'::jsonb
           else jsonb_build_object('awaitingReviewSince', ${at}::text) end,
      ${runId}::uuid
    from inserted i left join ${reasonRows.from} on ${reasonRows.col('modelId')} = i.model_id`);
}

/** New models per statement (see insertAdded). */
const ADD_CHUNK = 10_000;

/** The columns a seed writes into every model it adds. */
const ADDED = [
  'modelId',
  ...OVERRIDABLE_FIELDS,
  'groupName',
  'status',
  'statusSource',
  'statusSetBy',
  'awaitingReviewSince',
  ...PRICE_FIELDS,
] as const;

/** The columns a seed refreshes on a model it lists again. */
const REFRESHED = [
  ...OVERRIDABLE_FIELDS,
  'groupName',
  'overriddenFields',
  'providerValues',
  ...PRICE_FIELDS,
] as const;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
