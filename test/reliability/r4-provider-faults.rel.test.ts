// R4: every way the provider can fail or surprise, through the real seed command against a local server that
// answers as Mistral does. A failure aborts with a clear message, exit 1, and writes no model; what is tolerable
// (drift, duplicates, a huge list) seeds correctly; an empty list never retires anything.
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';
import {
  type FakeMistral,
  type FakeResponse,
  RECORDED_CATALOG,
  startFakeMistral,
} from '../support/fake-mistral';
import { recordedPlus } from '../support/synthetic-catalog';

let testDb: TestDb;
let fake: FakeMistral;

const env = () => ({
  ...testDb.env,
  MISTRAL_API_KEY: 'sk-r4-key',
  MISTRAL_API_URL: fake.url,
  MISTRAL_TIMEOUT_MS: '1500',
});

/** Models and their audit events: a refused seed must leave both exactly as they were. */
async function modelState(): Promise<{ digest: string; count: number; events: number; active: number }> {
  const sql = postgres(testDb.env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ digest: string; count: number; events: number; active: number }[]>`
      select md5(coalesce(string_agg(m::text, '|' order by id), '')) as digest, count(*)::int as count,
        (select count(*)::int from model_events) as events,
        count(*) filter (where status = 'active' and retired_at is null)::int as active from models m`;
    return row ?? { digest: '', count: 0, events: 0, active: 0 };
  } finally {
    await sql.end();
  }
}

const rateLimited = { status: 429, body: { message: 'Requests rate limit exceeded' } };
const card = RECORDED_CATALOG.data[0] as Record<string, unknown>;

type Refusal = { name: string; responses: FakeResponse[]; message: RegExp };
const refusals: Refusal[] = [
  { name: '401', responses: [{ status: 401, body: { detail: 'Unauthorized' } }], message: /HTTP 401/ },
  { name: '403', responses: [{ status: 403, body: { detail: 'Forbidden' } }], message: /HTTP 403/ },
  { name: '404', responses: [{ status: 404, body: { detail: 'Not Found' } }], message: /HTTP 404/ },
  {
    name: '429 with Retry-After, persistently',
    responses: Array.from({ length: 4 }, () => ({ ...rateLimited, headers: { 'retry-after': '0' } })),
    message: /HTTP 429.*gave up after 4 attempts/,
  },
  {
    name: '429 asking to wait longer than a seed waits',
    responses: [{ ...rateLimited, headers: { 'retry-after': '3600' } }],
    message: /retry after 3600 s/,
  },
  {
    name: '429 without Retry-After, persistently',
    responses: Array.from({ length: 4 }, () => rateLimited),
    message: /HTTP 429.*gave up after 4 attempts/,
  },
  ...[500, 502, 503].map((status) => ({
    name: `${status}, persistently`,
    responses: Array.from({ length: 4 }, () => ({ status, body: '<html><body>Bad gateway</body></html>' })),
    message: new RegExp(`HTTP ${status}.*gave up after 4 attempts`),
  })),
  {
    name: 'a slow body past the timeout',
    responses: Array.from({ length: 4 }, () => ({ status: 200, body: RECORDED_CATALOG, stallBody: true })),
    message: /within 1500 ms/,
  },
  {
    name: 'truncated JSON',
    responses: [{ status: 200, body: '{"object":"list","data":[{"id":' }],
    message: /not valid JSON/,
  },
  {
    name: 'an HTML error page with 200',
    responses: [{ status: 200, body: '<!doctype html><h1>Maintenance</h1>' }],
    message: /not valid JSON/,
  },
  {
    name: 'an empty list (never retires)',
    responses: [{ status: 200, body: { object: 'list', data: [] } }],
    message: /empty/i,
  },
  {
    name: 'a list without most of the known models (mass retirement guard)',
    responses: [{ status: 200, body: { object: 'list', data: RECORDED_CATALOG.data.slice(0, 5) } }],
    message: /retire/,
  },
];

beforeAll(async () => {
  testDb = await createTestDb();
  fake = await startFakeMistral();
});
afterAll(async () => {
  await fake?.close();
  await testDb?.drop();
});
beforeEach(async () => {
  await testDb.reset();
  const seeded = await runCli('models-seed', ['--source', 'catalog'], { env: testDb.env });
  expect(seeded.code, seeded.stderr).toBe(0);
});

describe('R4: provider faults through models:seed', () => {
  it(`${refusals.length} kinds of failure: exit 1, a clear message, no model written, the key never echoed`, async ({
    task,
  }) => {
    for (const refusal of refusals) {
      const before = await modelState();
      fake.enqueue(...refusal.responses);
      const result = await runCli('models-seed', [], { env: env(), timeoutMs: 60_000 });
      expect(result.code, `${refusal.name}: ${result.stderr}`).toBe(1);
      expect(result.stderr, refusal.name).toMatch(refusal.message);
      expect(result.stderr + result.stdout, refusal.name).not.toContain('sk-r4-key');
      expect(await modelState(), refusal.name).toEqual(before);
      // Leftover scripted answers must not leak into the next case.
      fake.enqueue();
    }
    task.meta.cases = refusals.length;
    task.meta.faults = refusals.reduce((n, r) => n + r.responses.length, 0);
  });

  it('a 429 and a 503 that clear up, schema drift and duplicate ids: tolerated, seeded correctly', async ({
    task,
  }) => {
    const drifted = RECORDED_CATALOG.data.map((c, i) => {
      const copy: Record<string, unknown> = { ...c, surprise_field: { nested: true } };
      if (i % 3 === 0) delete copy.description;
      if (i % 4 === 0) delete copy.deprecation;
      if (i % 5 === 0) copy.capabilities = { ...(c.capabilities as object), teleportation: true };
      return copy;
    });
    const withDuplicate = { object: 'list', data: [...drifted, { ...card, description: 'listed twice' }] };
    fake.enqueue(
      { ...rateLimited, headers: { 'retry-after': '0' } },
      { status: 503, body: 'busy' },
      { status: 200, body: withDuplicate },
    );
    const result = await runCli('models-seed', ['--json'], { env: env(), timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    const [summary] = JSON.parse(result.stdout).providers;
    expect(summary.warnings.join('\n')).toMatch(/is listed 2 times; merged into one/);
    const after = await modelState();
    expect(after.count).toBe(44);
    task.meta.cases = 1;
    task.meta.faults = 5; // 429, 503, drifted fields, unknown flags, a duplicate id
  });

  it('50,000 cards seed correctly (and an unchanged re-seed writes nothing)', async ({ task }) => {
    const big = recordedPlus(50_000);
    fake.enqueue({ status: 200, body: big }, { status: 200, body: big });
    const first = await runCli('models-seed', ['--json'], {
      env: { ...env(), MISTRAL_TIMEOUT_MS: '60000' },
      timeoutMs: 180_000,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).providers).toEqual([
      expect.objectContaining({ added: 50_000, retired: 0 }),
    ]);
    const seeded = await modelState();
    expect(seeded.count).toBe(50_044);
    const again = await runCli('models-seed', ['--json'], {
      env: { ...env(), MISTRAL_TIMEOUT_MS: '60000' },
      timeoutMs: 180_000,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).providers).toEqual([
      expect.objectContaining({ added: 0, updated: 0, statusChanged: 0, retired: 0 }),
    ]);
    expect(await modelState()).toEqual(seeded);
    task.meta.cases = 2;
    task.meta.faults = 1;
  });
});
