// gateways:export as a real process on each engine: the config to standard output or a file, --check of a deployed
// file (0 matches, 1 differs with the diff, 2 cannot tell), and bad usage (64).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DbHandle } from '../db/client';
import { models } from '../db/schema';
import type { ProviderCard } from '../lib/registry/types';
import { card, seedCards } from './support/cards';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';
import { scratchFiles } from './support/files';

let testDb: TestDb;
const scratch = scratchFiles('mr-gateways-cli-');
const ACCESS_PATH = scratch.file('access.json', {
  groups: [{ slug: 'embeddings', name: 'Embeddings', match: { types: ['embedding'] } }],
  teams: [{ slug: 'search', name: 'Search', groups: ['embeddings'] }],
});
const PROVIDERS_PATH = scratch.file('providers.json', {
  providers: [
    { id: 'ollama', kind: 'openai-compatible', name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
  ],
});
const env = () => ({ ...testDb.env, ACCESS_PATH, PROVIDERS_PATH });
const gateways = (args: string[]) => runCli('gateways-export', args, { env: env() });

const seed = (handle: DbHandle, provider: string, cards: ProviderCard[]) =>
  seedCards(handle.db, provider, cards, { newStatus: 'active' });

const MODEL_NAMES = [
  'mistral-embed',
  'mistral-large-latest',
  'ollama/llama3.2',
  'openai/gpt-4o',
  'openai/gpt-4o-mini',
];
const namesOf = (text: string) =>
  (parse(text) as { model_list: { model_name: string }[] }).model_list.map((e) => e.model_name).sort();

beforeAll(async () => {
  testDb = await createTestDb();
  // PGlite admits one process at a time: the test's own handle is closed before any command runs.
  await testDb.use(async (handle) => {
    await seed(handle, 'mistral', [
      card('mistral-large-latest'),
      card('mistral-embed', { type: 'embedding', capabilities: [] }),
      card('mistral-tiny'),
    ]);
    await seed(handle, 'openai', [card('gpt-4o'), card('gpt-4o-mini')]);
    await seed(handle, 'ollama', [card('llama3.2')]);
    await handle.db
      .update(models)
      .set({ status: 'inactive' })
      .where(and(eq(models.provider, 'mistral'), eq(models.modelId, 'mistral-tiny')));
  });
});
afterAll(async () => {
  await testDb?.drop();
});

describe(`gateways:export on ${engine}`, () => {
  it('writes the LiteLLM config to standard output, and the LibreChat one', async () => {
    const litellm = await gateways(['--format', 'litellm']);
    expect(litellm.code, litellm.stderr).toBe(0);
    expect(litellm.stdout.startsWith('# LiteLLM proxy config, written by Model Registry')).toBe(true);
    expect(namesOf(litellm.stdout)).toEqual(MODEL_NAMES);
    expect(litellm.stdout).not.toContain('mistral-tiny');
    expect(litellm.stderr).toBe('');

    const team = await gateways(['--format', 'litellm', '--team', 'search']);
    expect(team.code, team.stderr).toBe(0);
    expect(namesOf(team.stdout)).toEqual(['mistral-embed']);

    const librechat = await gateways(['--format', 'librechat']);
    expect(librechat.code, librechat.stderr).toBe(0);
    const parsed = parse(librechat.stdout);
    expect(parsed.endpoints.custom.map((e: { name: string }) => e.name)).toEqual([
      'Mistral AI',
      'OpenAI',
      'Ollama',
    ]);
    expect(librechat.stdout).not.toContain('mistral-embed');

    // Without PROVIDERS_PATH the declared server's model is not routed, and the command says so.
    const undeclared = await runCli('gateways-export', ['--format', 'litellm'], {
      env: { ...testDb.env, ACCESS_PATH },
    });
    expect(undeclared.code, undeclared.stderr).toBe(0);
    expect(namesOf(undeclared.stdout)).not.toContain('ollama/llama3.2');
    expect(undeclared.stderr).toContain('1 model(s) of provider "ollama" are not in the config');
  });

  it('writes --out FILE, prints one JSON line with --json, and --check answers 0, then 1 with the diff', async () => {
    const out = join(scratch.dir, 'config.yaml');
    const written = await gateways(['--format', 'litellm', '--out', out]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/^Wrote the litellm config \(5 models, revision \d+\) to /);
    const text = readFileSync(out, 'utf8');
    expect(namesOf(text)).toEqual(MODEL_NAMES);

    const out2 = join(scratch.dir, 'config-json.yaml');
    const json = await gateways(['--format', 'litellm', '--out', out2, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    const summary = jsonOf(json);
    expect(summary).toMatchObject({ format: 'litellm', team: null, models: 5, unrouted: [], out: out2 });
    expect(summary.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(readFileSync(out2, 'utf8')).toBe(text);

    const stdoutJson = jsonOf(await gateways(['--format', 'litellm', '--json']));
    expect(stdoutJson.config).toBe(text);
    expect(stdoutJson.etag).toBe(summary.etag);

    const fresh = await gateways(['--format', 'litellm', '--check', out]);
    expect(fresh.code, `${fresh.stdout}\n${fresh.stderr}`).toBe(0);
    expect(fresh.stdout).toContain(`${out} matches the registry`);
    expect(jsonOf(await gateways(['--format', 'litellm', '--check', out, '--json']))).toMatchObject({
      matches: true,
      file: out,
    });

    await testDb.use(async (handle) => {
      await handle.db
        .update(models)
        .set({ status: 'inactive' })
        .where(and(eq(models.provider, 'openai'), eq(models.modelId, 'gpt-4o-mini')));
    });
    const differs = await gateways(['--format', 'litellm', '--check', out]);
    expect(differs.code, `${differs.stdout}\n${differs.stderr}`).toBe(1);
    expect(differs.stdout).toContain(`${out} no longer matches the registry`);
    expect(differs.stdout).toContain('-  - model_name: openai/gpt-4o-mini');
    expect(differs.stdout).toContain('-      model: openai/gpt-4o-mini');
    expect(differs.stdout).not.toMatch(/^\+ /m);
    const differsJson = jsonOf(await gateways(['--format', 'litellm', '--check', out, '--json']));
    expect(differsJson).toMatchObject({ matches: false, file: out });
    expect(String(differsJson.diff)).toContain('openai/gpt-4o-mini');
    // The file is only read: still the old config.
    expect(readFileSync(out, 'utf8')).toBe(text);

    // Written again, it matches again.
    expect((await gateways(['--format', 'litellm', '--out', out])).code).toBe(0);
    expect((await gateways(['--format', 'litellm', '--check', out])).code).toBe(0);
    expect(namesOf(readFileSync(out, 'utf8'))).toEqual(MODEL_NAMES.filter((n) => n !== 'openai/gpt-4o-mini'));

    // A price-only change sits lines below its model's name, out of the diff's context: the hunk still names it.
    await testDb.use(async (handle) => {
      await handle.db
        .update(models)
        .set({ inputPricePerMtok: '7.5', outputPricePerMtok: '30', priceSource: 'admin' })
        .where(and(eq(models.provider, 'openai'), eq(models.modelId, 'gpt-4o')));
    });
    const priced = await gateways(['--format', 'litellm', '--check', out]);
    expect(priced.code, `${priced.stdout}\n${priced.stderr}`).toBe(1);
    expect(priced.stdout).toContain('+      input_cost_per_token: 0.0000075');
    expect(priced.stdout).not.toContain('model_name: openai/gpt-4o\n');
    expect(priced.stdout).toMatch(/^@@ -\d+(,\d+)? \+\d+(,\d+)? @@ openai\/gpt-4o$/m);
  });

  it('cannot tell (2) for a file it cannot read or a database that does not exist', async () => {
    const missing = join(scratch.dir, 'missing.yaml');
    const result = await gateways(['--format', 'litellm', '--check', missing]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`cannot read ${missing} (ENOENT)`);
    expect(result.stdout).toBe('');

    const noDb =
      engine === 'postgres'
        ? { DATABASE_URL: `${testDb.env.DATABASE_URL}_missing` }
        : { PGLITE_DIR: join(scratch.dir, 'no-such-data') };
    const out = join(scratch.dir, 'never.yaml');
    const dbless = await runCli('gateways-export', ['--format', 'litellm', '--out', out], { env: noDb });
    expect(dbless.code, dbless.stderr).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses bad usage with 64: an unknown format or team, --out with --check, no --format', async () => {
    const format = await gateways(['--format', 'nope']);
    expect(format.code).toBe(64);
    expect(format.stderr).toContain('Unknown gateway format "nope"');
    expect(format.stderr).toContain('litellm');
    expect(format.stderr).toContain('librechat');
    expect(format.stdout).toBe('');

    const team = await gateways(['--format', 'litellm', '--team', 'nope']);
    expect(team.code).toBe(64);
    expect(team.stderr).toContain('No team "nope" exists');
    expect(team.stdout).toBe('');

    const both = await gateways([
      '--format',
      'litellm',
      '--out',
      join(scratch.dir, 'a.yaml'),
      '--check',
      join(scratch.dir, 'b.yaml'),
    ]);
    expect(both.code).toBe(64);
    expect(both.stderr).toContain('give one of them');
    expect(existsSync(join(scratch.dir, 'a.yaml'))).toBe(false);

    const none = await gateways([]);
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('--format is required');
    expect((await gateways(['--format', 'litellm', '--nope'])).code).toBe(64);
    const json = await gateways(['--format', 'nope', '--json']);
    expect(json.code).toBe(64);
    expect(jsonOf(json)).toMatchObject({ error: { kind: 'usage' } });
  });

  it('prints its usage with --help (0)', async () => {
    const help = await gateways(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run gateways:export -- --format litellm|librechat');
    expect(help.stdout).toContain('--check FILE');
    expect(help.stdout).toContain('Exit codes:');
  });
});
