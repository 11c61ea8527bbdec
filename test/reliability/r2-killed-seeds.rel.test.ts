// R2: a seed killed with SIGKILL at random moments, 20 times. The database is always entirely before or entirely
// after (one transaction), the next seed succeeds, and the killed seed's lock never blocks anyone.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';
import { recordedPlus } from '../support/synthetic-catalog';

const KILLS = 20;
let testDb: TestDb;
let dir: string;
let catalogs: [string, string];
const catalog = (index: number) => catalogs[index === 0 ? 0 : 1];

/** What the seed decides: every model's content and status, and how many audit events exist. */
async function state(): Promise<{ content: string; events: number }> {
  const sql = postgres(testDb.env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ content: string; events: number }[]>`
      select md5(coalesce(string_agg(concat_ws(',', model_id, description, context_length, status, retired_at is null),
        '|' order by model_id), '')) as content, (select count(*)::int from model_events) as events from models`;
    return row ?? { content: '', events: 0 };
  } finally {
    await sql.end();
  }
}

function seedTo(catalog: string) {
  return runCli('models-seed', ['--source', catalog, '--json'], { env: testDb.env, timeoutMs: 60_000 });
}

beforeAll(async () => {
  testDb = await createTestDb();
  dir = mkdtempSync(join(tmpdir(), 'mr-r2-'));
  // Two catalogs of the same 3,044 ids that differ in every description and context length: a seed from one
  // to the other rewrites every row, so it takes long enough to be killed halfway.
  catalogs = [join(dir, 'a.json'), join(dir, 'b.json')];
  writeFileSync(catalogs[0], JSON.stringify(recordedPlus(3000, 0)));
  writeFileSync(catalogs[1], JSON.stringify(recordedPlus(3000, 1)));
  const first = await seedTo(catalogs[0]);
  expect(first.code, first.stderr).toBe(0);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await testDb?.drop();
});

describe('R2: seeds killed with SIGKILL', () => {
  it(`${KILLS} seeds killed at random moments: always entirely before or after; the next seed succeeds`, async ({
    task,
  }) => {
    // The full-seed outcome of each direction, measured once: content and how many events a complete seed adds.
    const a = await state();
    expect((await seedTo(catalogs[1])).code).toBe(0);
    const b = await state();
    expect((await seedTo(catalogs[0])).code).toBe(0);
    const a2 = await state();
    expect(a2.content).toBe(a.content);
    const delta = { toB: b.events - a.events, toA: a2.events - b.events };
    expect(delta.toB).toBe(3000); // one event per rewritten synthetic model; the 44 recorded ones are unchanged

    let current = 0; // index of the catalog the database now holds
    const outcomes = { before: 0, after: 0 };
    for (let kill = 0; kill < KILLS; kill++) {
      const target = 1 - current;
      const before = await state();
      const child = spawn(
        process.execPath,
        [resolve('dist/cli/models-seed.mjs'), '--source', catalog(target)],
        {
          env: cleanEnv(testDb.env),
          stdio: 'ignore',
        },
      );
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      // From process start-up to after the commit: the seed itself takes a few hundred milliseconds here.
      await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 1200)));
      child.kill('SIGKILL');
      await exited;

      const after = await state();
      const expected =
        target === 1 ? { content: b.content, added: delta.toB } : { content: a.content, added: delta.toA };
      if (after.content === before.content) {
        expect(after.events, `kill ${kill}: untouched content but events written`).toBe(before.events);
        outcomes.before++;
      } else {
        expect(after.content, `kill ${kill}: a partial seed`).toBe(expected.content);
        expect(after.events, `kill ${kill}: content and audit log disagree`).toBe(
          before.events + expected.added,
        );
        outcomes.after++;
        current = target;
      }
      // The next seed (to the other catalog) succeeds at once: no lock left behind.
      const next = 1 - current;
      const started = Date.now();
      const result = await seedTo(catalog(next));
      expect(result.code, result.stderr).toBe(0);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect((await state()).content).toBe(next === 1 ? b.content : a.content);
      current = next;
    }
    task.meta.cases = KILLS;
    task.meta.faults = KILLS;
    expect(outcomes.before + outcomes.after).toBe(KILLS);
    console.info(`R2: ${outcomes.before} kills left the database as before, ${outcomes.after} as after`);
  });
});
