// Scheduled syncs (SYNC_SCHEDULE) on a real engine: the schedule read by croner, one run per slot whatever the number
// of instances, a seed_runs row per provider on every run, a failed provider recorded and notified.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { models, seedRuns, syncSlots, webhookDeliveries } from '../db/schema';
import {
  nextRuns,
  runScheduledSync,
  slotOf,
  startScheduler,
  syncScheduleFromEnv,
} from '../lib/registry/automation/schedule';
import { isRegistryError } from '../lib/registry/errors';
import { createTestDb, engine, type TestDb } from './support/db';
import { freePort } from './support/next-server';

let testDb: TestDb;
let handle: DbHandle;

beforeAll(async () => {
  testDb = await createTestDb();
  handle = await testDb.open();
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});
beforeEach(async () => {
  // The handle stays open (the embedded engine admits one opener), so the tables are emptied through it.
  await handle.db.execute(
    sql`truncate model_events, seed_runs, models, webhook_deliveries, sync_slots restart identity cascade`,
  );
});

describe('the schedule', () => {
  it('is read by croner in UTC; unset is off; a bad expression is refused naming the variable', () => {
    expect(syncScheduleFromEnv({})).toBeNull();
    const schedule = syncScheduleFromEnv({ SYNC_SCHEDULE: ' 0 */6 * * * ' });
    if (!schedule) throw new Error('no schedule');
    expect(nextRuns(schedule, new Date('2026-11-26T10:05:00Z'), 2)).toEqual([
      new Date('2026-11-26T12:00:00Z'),
      new Date('2026-11-26T18:00:00Z'),
    ]);
    // A tick that fires late still belongs to its scheduled instant.
    expect(slotOf(schedule, new Date('2026-11-26T12:00:03.250Z'))).toEqual(new Date('2026-11-26T12:00:00Z'));
    expect(slotOf(schedule, new Date('2026-11-26T12:00:00Z'))).toEqual(new Date('2026-11-26T12:00:00Z'));
    for (const bad of ['every hour', '61 * * * *', '* * *']) {
      const error = (() => {
        try {
          syncScheduleFromEnv({ SYNC_SCHEDULE: bad });
        } catch (e) {
          return e;
        }
      })();
      expect(isRegistryError(error, 'config'), bad).toBe(true);
      expect((error as Error).message).toContain(`SYNC_SCHEDULE "${bad}" is not a cron expression`);
    }
  });
});

describe(`scheduled syncs on ${engine}`, () => {
  it('runs each slot once, however many instances race for it, and every run leaves its seed_runs rows', async () => {
    const slot = new Date('2026-11-26T12:00:00Z');
    // Two instances: on Postgres two connections pools, on the embedded engine one process's two callers.
    const other = engine === 'postgres' ? await testDb.open() : handle;
    try {
      const runs = await Promise.all([
        runScheduledSync(handle.db, {}, slot, 'instance-a'),
        runScheduledSync(other.db, {}, slot, 'instance-b'),
      ]);
      expect(runs.map((r) => r.outcome).sort()).toEqual(['ran', 'taken']);
    } finally {
      if (other !== handle) await other.close();
    }
    // The next slot runs again, though nothing changed: its run is recorded all the same.
    const next = await runScheduledSync(handle.db, {}, new Date('2026-11-26T18:00:00Z'), 'instance-a');
    expect(next.outcome).toBe('ran');
    const rows = await handle.db.select().from(seedRuns).orderBy(asc(seedRuns.startedAt));
    expect(rows.map((r) => [r.provider, r.trigger, r.actor, r.outcome, r.added, r.unchanged])).toEqual([
      ['mistral', 'schedule', 'schedule', 'applied', 44, 0],
      ['mistral', 'schedule', 'schedule', 'applied', 0, 44],
    ]);
    const slots = await handle.db.select().from(syncSlots).orderBy(asc(syncSlots.slot));
    expect(slots.map((s) => s.slot.toISOString())).toEqual([
      '2026-11-26T12:00:00.000Z',
      '2026-11-26T18:00:00.000Z',
    ]);
  });

  it('records a provider that fails and notifies it, leaving the last good state in place', async () => {
    const received: string[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await runScheduledSync(handle.db, {}, new Date('2026-11-26T06:00:00Z')); // the catalog: 44 models
      const env = {
        MISTRAL_API_KEY: 'k',
        MISTRAL_API_URL: `http://127.0.0.1:${await freePort()}`,
        MISTRAL_TIMEOUT_MS: '1000',
        NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      };
      const run = await runScheduledSync(handle.db, env, new Date('2026-11-26T12:00:00Z'));
      expect(run.outcome).toBe('ran');
      const failed = await handle.db.select().from(seedRuns).where(eq(seedRuns.outcome, 'failed'));
      expect(failed).toEqual([expect.objectContaining({ provider: 'mistral', trigger: 'schedule' })]);
      expect(failed[0]?.error).toMatch(/Could not reach Mistral/);
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0] ?? '{}')).toMatchObject({
        trigger: 'schedule',
        providers: [{ provider: 'mistral', outcome: 'failed' }],
        // The webhook is new: it had never been told the gateways' configs.
        gateways: ['litellm', 'librechat'],
      });
      const [delivery] = await handle.db.select().from(webhookDeliveries);
      expect(delivery).toMatchObject({ trigger: 'schedule', outcome: 'delivered' });
      // The next slot fails again: said again, the configs (told once) not.
      await runScheduledSync(handle.db, env, new Date('2026-11-26T18:00:00Z'));
      expect(received).toHaveLength(2);
      expect(JSON.parse(received[1] ?? '{}')).toMatchObject({
        providers: [{ provider: 'mistral', outcome: 'failed' }],
        gateways: [],
      });
      // Nothing of the failed run was written: the 44 models of the last good run are as they were.
      const [counted] = await handle.db.select({ n: count(), retired: count(models.retiredAt) }).from(models);
      expect(counted).toEqual({ n: 44, retired: 0 });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('two schedulers ticking every second on one database run each slot exactly once', async () => {
    const logs: string[] = [];
    const db = async () => handle.db;
    const env = { SYNC_SCHEDULE: '* * * * * *' };
    const jobs = [startScheduler(db, env, (m) => logs.push(m)), startScheduler(db, env, (m) => logs.push(m))];
    try {
      await new Promise((resolve) => setTimeout(resolve, 3_500));
    } finally {
      for (const job of jobs) job?.stop();
    }
    // Let a tick that had started finish its sync.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const slots = await handle.db.select().from(syncSlots);
    const runs = await handle.db.select().from(seedRuns).where(eq(seedRuns.trigger, 'schedule'));
    expect(slots.length).toBeGreaterThanOrEqual(1);
    expect(runs).toHaveLength(slots.length); // one provider (the bundled catalog): one row per slot, none twice
    expect(logs.filter((l) => l.startsWith('Scheduled syncs: "* * * * * *" (UTC)'))).toHaveLength(2);
    expect(logs.filter((l) => /^Scheduled sync .*: 1 provider\(s\), all synced$/.test(l))).toHaveLength(
      slots.length,
    );
  });
});
