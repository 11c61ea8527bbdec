// Notifications: after a sync or deploy that found something for a person (a provider that failed, models new since
// a provider's first sync and those of them awaiting review, retired or restored models, aliases moved to another
// dated model, offered models entering the deprecation window) or for a deploy hook (a gateway's config that is not
// the one the webhook last announced: gateways/announced.ts), one JSON document is POSTed to NOTIFY_WEBHOOK_URL, signed with
// NOTIFY_WEBHOOK_SECRET, retried with backoff a bounded number of times, and recorded in webhook_deliveries.
// A delivery never fails the sync: its outcome is logged, the sync's is not touched. A dry run notifies nothing.
import { createHmac, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, max, notInArray } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { errorSummary } from '../../../db/errors';
import { redactUrl } from '../../../db/redact';
import { type SeedTrigger, seedRuns, type WebhookDelivery, webhookDeliveries } from '../../../db/schema';
import { RegistryError } from '../errors';
import { type GatewayChange, gatewayChangeSinceAnnounced, recordAnnounced } from '../gateways/announced';
import type { GatewayFormat } from '../gateways/targets';
import { deprecationWarningDays, flaggedDeprecations } from '../lifecycle/deprecation';
import { qualifiedModelId } from '../model/qualified-id';
import { realRuns } from '../reads/seed-runs';
import type { ProviderSyncResult } from '../sync/provider-sync';
import type { Env } from '../types';

export type WebhookSettings = {
  url: string;
  secret: string | null;
  /** One attempt, answer included. */
  timeoutMs: number;
  /** Attempts in all, the first included. */
  attempts: number;
  /** The wait before the second attempt; it doubles after each. */
  retryBaseDelayMs: number;
};

/** The webhook configured by NOTIFY_WEBHOOK_URL / NOTIFY_WEBHOOK_SECRET, or null when none is; bad values refused. */
export function webhookSettingsFromEnv(env: Env): WebhookSettings | null {
  const url = env.NOTIFY_WEBHOOK_URL?.trim();
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new RegistryError('config', `NOTIFY_WEBHOOK_URL must be an http(s) URL, got "${redactUrl(url)}".`);
  }
  const secret = env.NOTIFY_WEBHOOK_SECRET?.trim() || null;
  // About 20 s in all at worst: 4 attempts of at most 4 s, 0.5 + 1 + 2 s apart.
  return { url, secret, timeoutMs: 4_000, attempts: 4, retryBaseDelayMs: 500 };
}

/** What one provider's sync found for a person. */
export type ProviderNotice = {
  provider: string;
  name: string;
  runId: string;
  outcome: 'applied' | 'skipped' | 'failed';
  /** The provider's own words, when it failed. */
  error: string | null;
  /** Consumer API ids of models new since the provider's first sync (the first sync itself announces none). */
  added: string[];
  /** Of `added`, those waiting for an admin's review (their status is the default for new models; config/review.ts). */
  awaitingReview: string[];
  retired: string[];
  restored: string[];
  /** Aliases that now name another dated model: clients sending the alias silently get a different model. */
  aliasMoves: { alias: string; from: string; to: string }[];
  /** Offered models that entered the DEPRECATION_WARNING_DAYS window (or passed their date) since the last sync. */
  deprecations: { id: string; date: string; replacement: string | null }[];
};

/** A provider's models newly flagged for deprecation, by provider id (see enteringDeprecations). */
type Entering = ReadonlyMap<string, ProviderNotice['deprecations']>;

export type SyncNotification = {
  type: 'registry.sync';
  trigger: SeedTrigger;
  /** Slack-compatible: one line per provider with something to say. */
  text: string;
  providers: ProviderNotice[];
  /**
   * The gateways whose whole config (`GET /api/v1/gateways/{format}`) is not the one the webhook last announced,
   * for a deploy hook to regenerate; null when the configs could not be read (the reason is in `text`).
   */
  gateways: GatewayFormat[] | null;
};

/**
 * After a person's change outside a sync (a dashboard edit, `models:edit`, `models:import`): the gateways whose
 * config it left other than the one last announced, so a deploy hook need not wait for the next sync.
 */
export type GatewaysNotification = {
  type: 'registry.gateways';
  trigger: SeedTrigger;
  /** Who made the change (`admin:<email>`, `cli:<user>`). */
  actor: string;
  text: string;
  /** As in SyncNotification; null when the configs could not be read. */
  gateways: GatewayFormat[] | null;
};

const NOT_COMPARED = '• Gateway configs: could not be compared';

/** The text's line for the gateways. */
const gatewaysLine = (change: GatewayChange) =>
  change.ok ? `• Gateway configs changed: ${change.formats.join(', ')}` : `${NOT_COMPARED} (${change.error})`;

/** Why a delivery could not say which gateway configs changed (its `gateways` is null), or null when it could. */
export function gatewaysNotCompared(delivery: WebhookDelivery): string | null {
  if ((delivery.payload as { gateways?: unknown }).gateways !== null) return null;
  const line = delivery.summary.split('\n').find((l) => l.startsWith(NOT_COMPARED));
  return (line ?? NOT_COMPARED).replace(/^• /, '');
}

const MAX_LISTED = 10;

function listed(ids: string[]): string {
  const shown = ids.slice(0, MAX_LISTED).join(', ');
  return ids.length > MAX_LISTED ? `${shown} and ${ids.length - MAX_LISTED} more` : shown;
}

/**
 * The document for a sync's results, or null when there is nothing to say: nothing for a person (all unchanged,
 * or only a first seed's additions) and every gateway's config the one last announced. Could-not-tell is said.
 */
function syncNotification(
  results: readonly ProviderSyncResult[],
  trigger: SeedTrigger,
  entering: Entering,
  gateways: GatewayChange,
): SyncNotification | null {
  const notices: ProviderNotice[] = [];
  for (const result of results) {
    const base = { provider: result.provider, name: result.name, runId: result.runId };
    if (result.report === null) {
      notices.push({
        ...base,
        outcome: 'failed',
        error: errorSummary(result.error, 500),
        added: [],
        awaitingReview: [],
        retired: [],
        restored: [],
        aliasMoves: [],
        deprecations: [],
      });
      continue;
    }
    const { report } = result;
    const plan = report.plan;
    const deprecations = report.dryRun ? [] : (entering.get(result.provider) ?? []);
    if (report.dryRun || report.outcome !== 'applied' || plan === null) {
      if (deprecations.length > 0) {
        notices.push({
          ...base,
          outcome: report.outcome,
          error: null,
          added: [],
          awaitingReview: [],
          retired: [],
          restored: [],
          aliasMoves: [],
          deprecations,
        });
      }
      continue;
    }
    const id = (modelId: string) => qualifiedModelId(result.provider, modelId);
    // A provider's first sync (nothing of it listed before) is the starting point: its models are not news.
    const { firstSync } = plan;
    const notice: ProviderNotice = {
      ...base,
      outcome: 'applied',
      error: null,
      added: firstSync ? [] : plan.adds.map((a) => id(a.modelId)),
      awaitingReview: plan.adds.filter((a) => a.awaitingReview).map((a) => id(a.modelId)),
      retired: plan.retirements.map((r) => id(r.modelId)),
      restored: plan.updates.filter((u) => u.restore).map((u) => id(u.modelId)),
      aliasMoves: plan.aliasMoves.map((m) => ({ alias: id(m.alias), from: id(m.from), to: id(m.to) })),
      deprecations,
    };
    const news =
      notice.added.length +
      notice.retired.length +
      notice.restored.length +
      notice.aliasMoves.length +
      notice.deprecations.length;
    if (news > 0) notices.push(notice);
  }
  // Could-not-tell is said, never taken for unchanged: a hook would otherwise keep a config it should not.
  const gatewaysChanged = gateways.ok && gateways.formats.length > 0;
  if (notices.length === 0 && gateways.ok && !gatewaysChanged) return null;
  const lines = notices.map((n) => {
    if (n.outcome === 'failed') return `• ${n.name}: sync failed, nothing changed: ${n.error}`;
    const said = [
      n.added.length ? `${n.added.length} new (${listed(n.added)})` : '',
      n.awaitingReview.length
        ? `${n.awaitingReview.length === n.added.length ? 'all' : n.awaitingReview.length} awaiting review`
        : '',
      n.retired.length ? `${n.retired.length} retired (${listed(n.retired)})` : '',
      n.restored.length ? `${n.restored.length} restored (${listed(n.restored)})` : '',
      ...n.aliasMoves.map((m) => `${m.alias} now points at ${m.to} (was ${m.from})`),
      ...n.deprecations.map(
        (d) =>
          `${d.id} is deprecated on ${d.date.slice(0, 10)}${d.replacement ? ` (replacement: ${d.replacement})` : ''}`,
      ),
    ].filter(Boolean);
    return `• ${n.name}: ${said.join('; ')}`;
  });
  if (!gateways.ok || gatewaysChanged) lines.push(gatewaysLine(gateways));
  return {
    type: 'registry.sync',
    trigger,
    text: `Model Registry sync (${trigger}):\n${lines.join('\n')}`,
    providers: notices,
    gateways: gateways.ok ? gateways.formats : null,
  };
}

/** `X-Registry-Signature`'s value: HMAC-SHA256 of "<timestamp>.<body>" with the secret, hex. */
function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A receiver's answer worth another try: it may be down for a moment, or busy. */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Sends `doc` to the webhook, recording the delivery and its outcome. Never throws for the receiver's sake: a
 * receiver that is down, slow or refusing ends as a `failed` delivery. (A database that fails is the caller's.)
 */
async function deliverNotification(
  db: Executor,
  settings: WebhookSettings,
  doc: SyncNotification | GatewaysNotification,
  now: () => Date = () => new Date(),
): Promise<WebhookDelivery> {
  const id = randomUUID();
  const body = JSON.stringify({ id, ...doc, sentAt: now().toISOString() });
  await db.insert(webhookDeliveries).values({
    id,
    trigger: doc.trigger,
    url: redactUrl(settings.url),
    summary: doc.text,
    payload: JSON.parse(body),
    outcome: 'pending',
    createdAt: now(),
  });
  let attempts = 0;
  let lastStatus: number | null = null;
  let lastError: string | null = null;
  let delivered = false;
  while (attempts < settings.attempts && !delivered) {
    if (attempts > 0) await sleep(settings.retryBaseDelayMs * 2 ** (attempts - 1));
    attempts++;
    const timestamp = Math.floor(now().getTime() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'model-registry-webhook',
      'X-Registry-Delivery': id,
      'X-Registry-Timestamp': String(timestamp),
    };
    if (settings.secret) headers['X-Registry-Signature'] = webhookSignature(settings.secret, timestamp, body);
    try {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await response.body?.cancel();
      lastStatus = response.status;
      lastError = response.ok ? null : `HTTP ${response.status}`;
      delivered = response.ok;
      if (!response.ok && !retryable(response.status)) break;
    } catch (error) {
      lastStatus = null;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      lastError =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${settings.timeoutMs} ms`
          : `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
    }
  }
  const [row] = await db
    .update(webhookDeliveries)
    .set({ outcome: delivered ? 'delivered' : 'failed', attempts, lastStatus, lastError, finishedAt: now() })
    .where(eq(webhookDeliveries.id, id))
    .returning();
  return row as WebhookDelivery;
}

/**
 * The offered models each synced provider has in the deprecation window now that it did not have at its previous
 * real sync: their date came within the window since then, or this sync set or moved their date. A provider's
 * first sync is the starting point and announces none.
 */
async function enteringDeprecations(
  db: Executor,
  env: Env,
  results: readonly ProviderSyncResult[],
  now: Date,
): Promise<Entering> {
  const synced = results.filter((r) => r.report !== null && !r.report.dryRun);
  if (synced.length === 0) return new Map();
  const days = deprecationWarningDays(env);
  const previous = await db
    .select({ provider: seedRuns.provider, at: max(seedRuns.startedAt) })
    .from(seedRuns)
    .where(
      and(
        realRuns,
        inArray(
          seedRuns.provider,
          synced.map((r) => r.provider),
        ),
        notInArray(
          seedRuns.id,
          results.map((r) => r.runId),
        ),
      ),
    )
    .groupBy(seedRuns.provider);
  const since = new Map(previous.map((p) => [p.provider, p.at]));
  const flagged = await flaggedDeprecations(db, now, days);
  const entering = new Map<string, ProviderNotice['deprecations']>();
  for (const result of synced) {
    const last = since.get(result.provider);
    if (!last) continue;
    const moved = new Set(
      (result.report?.plan?.updates ?? [])
        .filter((u) => u.fieldChanges.some((c) => c.field === 'deprecation' && c.scope === 'value'))
        .map((u) => u.modelId),
    );
    const windowAtLast = last.getTime() + days * 86_400_000;
    const news = flagged
      .filter((f) => f.provider === result.provider)
      .filter((f) => f.deprecation.getTime() > windowAtLast || moved.has(f.modelId))
      .map((f) => ({ id: f.apiId, date: f.deprecation.toISOString(), replacement: f.replacement }));
    if (news.length > 0) entering.set(result.provider, news);
  }
  return entering;
}

/**
 * The document for `results`, delivered when the webhook is configured and there is something to say: for a person,
 * or a gateway config the webhook has not announced yet (announced once delivered: one that did not go through is
 * announced again by the next sync's delivery).
 */
export async function notifySync(
  db: Executor,
  env: Env,
  results: readonly ProviderSyncResult[],
  trigger: SeedTrigger,
): Promise<WebhookDelivery | null> {
  const settings = webhookSettingsFromEnv(env);
  // A dry run changed nothing: it is never notified (and the gateways are not read for it).
  if (!settings || (results.length > 0 && results.every((r) => r.report?.dryRun === true))) return null;
  const gateways = await gatewayChangeSinceAnnounced(db, env);
  const entering = await enteringDeprecations(db, env, results, new Date());
  const doc = syncNotification(results, trigger, entering, gateways);
  if (!doc) return null;
  const delivery = await deliverNotification(db, settings, doc);
  if (delivery.outcome === 'delivered' && gateways.ok) await recordAnnounced(db, gateways, delivery.id);
  return delivery;
}

/**
 * Announces the gateways' configs a person's change altered (compared with the last announced, like a sync's
 * delivery): null when no webhook is configured or every config is the announced one. A change that alters nothing
 * a gateway sees (a team's members, a key) sends nothing. Called after the change is written; never throws for
 * the receiver's sake.
 */
export async function notifyGatewayChanges(
  db: Executor,
  env: Env,
  by: { trigger: SeedTrigger; actor: string },
): Promise<WebhookDelivery | null> {
  const settings = webhookSettingsFromEnv(env);
  if (!settings) return null;
  const gateways = await gatewayChangeSinceAnnounced(db, env);
  if (gateways.ok && gateways.formats.length === 0) return null;
  const delivery = await deliverNotification(db, settings, {
    type: 'registry.gateways',
    trigger: by.trigger,
    actor: by.actor,
    text: `Model Registry change by ${by.actor}:\n${gatewaysLine(gateways)}`,
    gateways: gateways.ok ? gateways.formats : null,
  });
  if (delivery.outcome === 'delivered' && gateways.ok) await recordAnnounced(db, gateways, delivery.id);
  return delivery;
}

/** The newest deliveries, for the Sync page. */
export function recentDeliveries(db: Executor, limit = 20): Promise<WebhookDelivery[]> {
  return db.select().from(webhookDeliveries).orderBy(desc(webhookDeliveries.createdAt)).limit(limit);
}
