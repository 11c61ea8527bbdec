// R5: admins racing each other. Two saves of the same model from stale pages: one wins, the other is a conflict
// and overwrites nothing. Bulk edits overlapping single edits on a real Postgres pool: no error but conflicts, no
// lost audit event, and the final state equals the serial order the audit log records.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import modelDefaults from '../../config/model-defaults';
import type { DbHandle } from '../../db/client';
import { type Model, modelEvents, models } from '../../db/schema';
import { applyBulkEdit } from '../../lib/registry/changes/bulk-edit';
import { updateModel } from '../../lib/registry/changes/model-edit';
import { isRegistryError } from '../../lib/registry/errors';
import { runCli } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';

let testDb: TestDb;
let handle: DbHandle;
const config = { ...modelDefaults, alwaysActive: [], alwaysInactive: [] };

beforeAll(async () => {
  testDb = await createTestDb();
  expect((await runCli('models-deploy', ['--source', 'catalog'], { env: testDb.env })).code).toBe(0);
  handle = await testDb.open({ maxConnections: 12 });
});
afterAll(async () => {
  await handle?.close();
  await testDb?.drop();
});

const rowsOf = (ids: number[]) =>
  handle.db.select().from(models).where(inArray(models.id, ids)).orderBy(models.id);

describe('R5: concurrent admin edits on Postgres', () => {
  it('two admins save the same model from stale pages, 20 times: one wins, one conflict, nothing lost', async ({
    task,
  }) => {
    const [target] = await handle.db.select().from(models).where(eq(models.modelId, 'codestral-2508'));
    if (!target) throw new Error('fixture');
    for (let round = 0; round < 20; round++) {
      const [fresh] = await rowsOf([target.id]);
      const version = fresh?.version ?? 0;
      const saves = await Promise.allSettled(
        ['ada', 'bob'].map((who) =>
          updateModel(
            handle.db,
            config,
            { id: target.id, version, displayName: `Codestral by ${who} #${round}` },
            `admin:${who}@example.com`,
          ),
        ),
      );
      const won = saves.filter((s) => s.status === 'fulfilled');
      const lost = saves.filter((s) => s.status === 'rejected');
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isRegistryError((lost[0] as PromiseRejectedResult).reason, 'conflict')).toBe(true);
      const winner = saves[0]?.status === 'fulfilled' ? 'ada' : 'bob';
      const [after] = await rowsOf([target.id]);
      expect(after?.displayName).toBe(`Codestral by ${winner} #${round}`);
      expect(after?.version).toBe(version + 1);
    }
    const events = await handle.db
      .select()
      .from(modelEvents)
      .where(eq(modelEvents.modelId, 'codestral-2508'))
      .orderBy(modelEvents.id);
    expect(events.filter((e) => e.actor.startsWith('admin:'))).toHaveLength(20);
    task.meta.cases = 20;
    task.meta.faults = 40; // 20 races of two saves
  });

  it('200 bulk (some of every model) and single edits at once: only conflicts fail, every change has its event, the log replays to the final state', async ({
    task,
  }) => {
    // Every model: an edit of all of them (a filter matching all) locks the table instead of each row.
    const pool = await handle.db.select().from(models).orderBy(models.id);
    const ids = pool.map((m) => m.id);
    const startEventId =
      (await handle.db.select({ id: modelEvents.id }).from(modelEvents).orderBy(modelEvents.id)).at(-1)?.id ??
      0;
    const initial = new Map((await rowsOf(ids)).map((m) => [m.id, m]));
    const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)] as T;

    let expectedEvents = 0;
    let conflicts = 0;
    const operations = Array.from({ length: 200 }, (_, n) => async () => {
      if (n % 4 === 0) {
        const subset = ids.filter(() => Math.random() < 0.4);
        const changes =
          n % 8 === 0
            ? { status: pick(['active', 'inactive'] as const) }
            : { status: pick(['active', 'inactive'] as const), inputPricePerMtok: String(n % 7) };
        const result = await applyBulkEdit(handle.db, config, {
          target:
            n % 20 === 0
              ? { kind: 'filter', filter: {} }
              : { kind: 'ids', ids: subset.length ? subset : [ids[0] as number] },
          changes,
          actor: `admin:bulk${n}@example.com`,
        });
        expectedEvents += result.changed;
      } else {
        const id = pick(ids);
        const [row] = await rowsOf([id]);
        try {
          const result = await updateModel(
            handle.db,
            config,
            {
              id,
              version: row?.version ?? 0,
              status: pick(['active', 'inactive'] as const),
              displayName: `Edit ${n}`,
            },
            `admin:single${n}@example.com`,
          );
          // One audit event per changed model: a save that changes anything writes exactly one.
          if (result.changed.length > 0) expectedEvents += 1;
        } catch (error) {
          if (!isRegistryError(error, 'conflict')) throw error;
          conflicts++;
        }
      }
    });
    // Twelve at a time, in random order.
    const queue = [...operations].sort(() => Math.random() - 0.5);
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        for (let op = queue.pop(); op; op = queue.pop()) await op();
      }),
    );

    const events = (
      await handle.db
        .select()
        .from(modelEvents)
        .where(inArray(modelEvents.modelPk, ids))
        .orderBy(modelEvents.id)
    ).filter((e) => e.id > startEventId);
    expect(events).toHaveLength(expectedEvents);

    // Replay the log from the initial rows: each event's "before" is what the previous one left, and the end
    // is exactly what the table holds — the state of one serial order.
    type Tracked = Pick<Model, 'status' | 'displayName' | 'inputPricePerMtok'>;
    const replay = new Map<number, Tracked>(
      [...initial].map(([id, m]) => [
        id,
        { status: m.status, displayName: m.displayName, inputPricePerMtok: m.inputPricePerMtok },
      ]),
    );
    const same = (field: keyof Tracked, a: unknown, b: unknown) =>
      field === 'inputPricePerMtok' ? (a === null ? b === null : Number(a) === Number(b)) : a === b;
    for (const event of events) {
      const state = replay.get(event.modelPk ?? -1) as Tracked;
      for (const field of ['status', 'displayName', 'inputPricePerMtok'] as const) {
        if (!(field in (event.after ?? {}))) continue;
        expect(
          same(field, event.before?.[field], state[field]),
          `event ${event.id} ${field}: lost update`,
        ).toBe(true);
        (state as Record<string, unknown>)[field] = event.after?.[field];
      }
    }
    for (const row of await rowsOf(ids)) {
      const state = replay.get(row.id) as Tracked;
      expect(row.status).toBe(state.status);
      expect(row.displayName).toBe(state.displayName);
      expect(same('inputPricePerMtok', row.inputPricePerMtok, state.inputPricePerMtok)).toBe(true);
    }
    task.meta.cases = 200;
    task.meta.faults = conflicts;
  });
});
