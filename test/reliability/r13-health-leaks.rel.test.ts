// R13: what a failed seed leaves behind. The open /api/health reports a seed run's outcome, trigger and time only;
// the error stored in seed_runs is bounded and never carries SQL or its parameters; credentials in a URL (userinfo,
// key=, api_key=, token=) never reach the command's output, seed_runs or health.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { type FakeMistral, RECORDED_CATALOG, startFakeMistral } from '../support/fake-mistral';
import { baseUrl, databaseUrl, sql } from './support';

let fake: FakeMistral;

beforeAll(async () => {
  fake = await startFakeMistral();
});
afterAll(async () => {
  await fake?.close();
});

async function lastStoredError(): Promise<string | null> {
  const db = sql();
  try {
    const [row] = await db<{ error: string | null }[]>`
      select error from seed_runs where not dry_run order by started_at desc limit 1`;
    return row?.error ?? null;
  } finally {
    await db.end();
  }
}

async function health(): Promise<{ text: string; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl()}/api/health`);
  const text = await response.text();
  return { text, body: JSON.parse(text) };
}

const seedEnv = (apiUrl: string) => ({
  DATABASE_URL: databaseUrl(),
  MISTRAL_API_KEY: 'sk-r13-key',
  MISTRAL_API_URL: apiUrl,
  MISTRAL_TIMEOUT_MS: '1500',
});

describe('R13: health and stored errors leak nothing', () => {
  it('credentials in MISTRAL_API_URL reach neither the output, nor seed_runs, nor /api/health', async ({
    task,
  }) => {
    const port = new URL(fake.url).port;
    const cases = [
      { url: `http://r13user:r13-pass-secret@127.0.0.1:${port}`, secrets: ['r13user', 'r13-pass-secret'] },
      { url: `http://127.0.0.1:${port}/gw?api_key=r13-apikey-secret&x=1`, secrets: ['r13-apikey-secret'] },
      { url: `http://127.0.0.1:${port}/gw?key=r13-key-secret`, secrets: ['r13-key-secret'] },
      { url: `http://127.0.0.1:${port}/gw?x=1&token=r13-token-secret`, secrets: ['r13-token-secret'] },
    ];
    for (const { url, secrets } of cases) {
      const result = await runCli('models-seed', [], { env: seedEnv(url), timeoutMs: 60_000 });
      expect(result.code, `${url}: ${result.stderr}`).toBe(1);
      const stored = (await lastStoredError()) ?? '';
      expect(stored, url).not.toBe('');
      const { text } = await health();
      for (const secret of secrets) {
        expect(result.stdout + result.stderr, `${url} in the output`).not.toContain(secret);
        expect(stored, `${url} in seed_runs.error`).not.toContain(secret);
        expect(text, `${url} in /api/health`).not.toContain(secret);
      }
    }
    task.meta.cases = cases.length;
    task.meta.faults = cases.length;
  });

  it('a database failure stores a bounded error without SQL or parameters; health shows outcome, trigger, time', async ({
    task,
  }) => {
    const db = sql();
    // A constraint the seed's insert breaks: the driver error Drizzle wraps carries the whole statement and
    // every parameter, here 300 descriptions of 1 KB each with a marker that must not be published.
    await db.unsafe(
      `alter table models add constraint r13_refuse check (description is null or description not like '%r13-refuse%')`,
    );
    try {
      const extra = Array.from({ length: 300 }, (_, i) => ({
        id: `r13-model-${i}`,
        object: 'model',
        name: `r13-model-${i}`,
        description: `r13-refuse r13-param-secret ${'x'.repeat(1000)}`,
        capabilities: { completion_chat: true },
      }));
      fake.enqueue({
        status: 200,
        body: { ...RECORDED_CATALOG, data: [...RECORDED_CATALOG.data, ...extra] },
      });
      const result = await runCli('models-seed', [], { env: seedEnv(fake.url), timeoutMs: 60_000 });
      expect(result.code, result.stderr.slice(0, 500)).toBe(2);
      const stored = (await lastStoredError()) ?? '';
      expect(stored).toMatch(/r13_refuse/);
      expect(stored.length).toBeLessThanOrEqual(1000);
      for (const leak of ['r13-param-secret', 'Failed query', 'params:', 'insert into']) {
        expect(stored, 'seed_runs.error').not.toContain(leak);
        expect(result.stderr + result.stdout, 'the output').not.toContain(leak);
      }
      const { text, body } = await health();
      expect(text.length).toBeLessThan(1000);
      expect(text).not.toContain('r13');
      expect(Object.keys(body.lastSeedRun as object).sort()).toEqual(['outcome', 'startedAt', 'trigger']);
      expect(body.lastSeedRun).toMatchObject({ outcome: 'failed', trigger: 'cli' });
    } finally {
      await db.unsafe('alter table models drop constraint if exists r13_refuse');
      await db.end();
    }
    task.meta.cases = 1;
    task.meta.faults = 1;
  });
});
