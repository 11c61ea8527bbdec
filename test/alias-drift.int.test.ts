// Alias drift through the real models:seed command against a local server that answers as Mistral does: the
// first answer has `mistral-large-latest` serving mistral-large-2411, the recorded catalog has it serving
// mistral-large-2512.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelEvents, models } from '../db/schema';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';
import { catalogBeforeTheMove, type FakeMistral, startFakeMistral } from './support/fake-mistral';

let testDb: TestDb;
let fake: FakeMistral;

const MOVE_LINE = 'mistral-large-latest: mistral-large-2411 → mistral-large-2512';

const seed = (args: string[] = []) =>
  runCli('models-seed', args, {
    env: { ...testDb.env, MISTRAL_API_KEY: 'sk-test-key', MISTRAL_API_URL: fake.url },
  });

async function aliasEvents() {
  return testDb.use(({ db }) =>
    db.select().from(modelEvents).where(eq(modelEvents.action, 'alias_moved')).orderBy(asc(modelEvents.id)),
  );
}

beforeAll(async () => {
  testDb = await createTestDb();
  fake = await startFakeMistral();
});
afterAll(async () => {
  await testDb?.drop();
  await fake?.close();
});
beforeEach(async () => {
  await testDb.reset();
});

describe(`alias drift on ${engine}`, () => {
  it('a moved alias is planned, printed, reported in --json and logged as one alias_moved event', async () => {
    fake.enqueue({ body: catalogBeforeTheMove() });
    const first = await seed();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).not.toContain('→');

    // The dry run names the alias and both dated models, and writes nothing.
    const dry = await seed(['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`  ⇄ ${MOVE_LINE}`);
    expect(dry.stdout).toMatch(/, 1 alias moved\./);
    const dryJson = await seed(['--dry-run', '--json']);
    expect(jsonOf(dryJson).providers).toEqual([
      expect.objectContaining({
        provider: 'mistral',
        aliasMoves: [{ alias: 'mistral-large-latest', from: 'mistral-large-2411', to: 'mistral-large-2512' }],
      }),
    ]);
    expect(await aliasEvents()).toEqual([]);

    // Applied: the report says it too, and the alias's row gets its own event in the seed's run.
    const applied = await seed();
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`  ⇄ ${MOVE_LINE}`);
    const runId = /Run (\S+) is logged/.exec(applied.stdout)?.[1];
    const [alias] = await testDb.use(({ db }) =>
      db.select().from(models).where(eq(models.modelId, 'mistral-large-latest')),
    );
    expect(await aliasEvents()).toEqual([
      expect.objectContaining({
        modelPk: alias?.id,
        provider: 'mistral',
        modelId: 'mistral-large-latest',
        actor: 'seed',
        before: { target: 'mistral-large-2411' },
        after: { target: 'mistral-large-2512' },
        seedRunId: runId,
      }),
    ]);

    // The same catalog again: nothing moves, no event, an empty list in --json.
    const again = await seed(['--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonOf(again).providers).toEqual([expect.objectContaining({ aliasMoves: [] })]);
    expect(await aliasEvents()).toHaveLength(1);
    const updated = await testDb.use(({ db }) =>
      db
        .select()
        .from(modelEvents)
        .where(and(eq(modelEvents.modelId, 'mistral-large-latest'), eq(modelEvents.action, 'updated'))),
    );
    // The alias card's own change (its group name) stays an `updated` event beside it.
    // Its catalog price follows the model it now serves (an alias is priced as its dated target: 2512's 0.5/1.5).
    expect(updated.map((e) => e.after)).toEqual([
      { groupName: 'mistral-large-2512', inputPricePerMtok: '0.5', outputPricePerMtok: '1.5' },
    ]);
  });
});
