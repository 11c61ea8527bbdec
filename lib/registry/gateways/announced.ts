// Which gateways' configs a webhook delivery should announce: those whose fingerprint (the config below its header)
// is not the one the webhook last announced (gateway_announcements). Held in the database, not taken before and
// after a sync, so what changed between syncs (an admin's edit, a release that writes a config differently, a new
// ACCESS_PATH) is announced by the next delivery, and a delivery that did not go through is announced again.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { errorSummary } from '../../../db/errors';
import { gatewayAnnouncements } from '../../../db/schema';
import type { Env } from '../types';
import { type GatewayFingerprints, gatewayFingerprints } from './export';
import { GATEWAY_FORMATS, type GatewayFormat } from './targets';

/** The formats to announce with the configs' fingerprints now, or why the configs could not be read. */
export type GatewayChange =
  | {
      ok: true;
      formats: GatewayFormat[];
      fingerprints: GatewayFingerprints;
      /** What was announced when this was compared (absent: never), for recordAnnounced to move on from. */
      announced: ReadonlyMap<string, string>;
    }
  | { ok: false; error: string };

/**
 * The configs now against the last announced. A config that cannot be read (a bad ACCESS_PATH) is could-not-tell,
 * never "unchanged": the caller says so.
 */
export async function gatewayChangeSinceAnnounced(db: Executor, env: Env): Promise<GatewayChange> {
  let fingerprints: GatewayFingerprints;
  try {
    fingerprints = await gatewayFingerprints(db, env);
  } catch (error) {
    return { ok: false, error: errorSummary(error, 300) };
  }
  const rows = await db.select().from(gatewayAnnouncements);
  const announced = new Map(rows.map((row) => [row.format, row.fingerprint]));
  const formats = GATEWAY_FORMATS.filter((format) => announced.get(format) !== fingerprints[format]);
  return { ok: true, formats, fingerprints, announced };
}

/**
 * After a delivery went through: its formats' configs are the announced ones now — each only if the announced one
 * is still what this change was compared with. Two announcements in flight (a slow receiver, retries) each move on
 * from what they saw, so an older one finishing last never writes over a newer one: the worst case is that a
 * config is announced once more, never that one is lost.
 */
export async function recordAnnounced(
  db: Executor,
  change: Extract<GatewayChange, { ok: true }>,
  deliveryId: string,
): Promise<void> {
  if (change.formats.length === 0) return;
  await db.transaction(async (tx) => {
    for (const format of change.formats) {
      const fingerprint = change.fingerprints[format];
      const seen = change.announced.get(format);
      if (seen === undefined) {
        await tx
          .insert(gatewayAnnouncements)
          .values({ format, fingerprint, deliveryId })
          .onConflictDoNothing();
      } else {
        await tx
          .update(gatewayAnnouncements)
          .set({ fingerprint, deliveryId, announcedAt: sql`now()` })
          .where(and(eq(gatewayAnnouncements.format, format), eq(gatewayAnnouncements.fingerprint, seen)));
      }
    }
  });
}
