// access:explain as a real process on each engine: its verdicts, exit codes and --json, over a registry seeded by
// models:seed with every model active.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models } from '../db/schema';
import { ACCESS_FIXTURE } from './support/access-fixture';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';
import { scratchFiles } from './support/files';

const ACCESS = ACCESS_FIXTURE;

let testDb: TestDb;
const { file } = scratchFiles('mr-explain-');

beforeAll(async () => {
  testDb = await createTestDb();
  const defaults = file('defaults.json', {
    alwaysActive: [],
    alwaysInactive: [],
    defaultNewModelStatus: 'active',
  });
  const seed = await runCli('models-seed', [], { env: { ...testDb.env, MODEL_DEFAULTS_PATH: defaults } });
  if (seed.code !== 0) throw new Error(seed.stderr);
});
afterAll(async () => {
  await testDb?.drop();
});

describe(`access:explain on ${engine}`, () => {
  const explain = (args: string[], access: unknown = ACCESS) =>
    runCli('access-explain', args, {
      env: { ...testDb.env, ACCESS_PATH: file('explain.json', access) },
    });

  it('says allowed with the group and the rule that decide (exit 0)', async () => {
    const result = await explain(['--team', 'search', '--model', 'mistral-embed']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('allowed: team search may use mistral-embed through group embeddings');
    expect(result.stdout).toContain('"types":["embedding"]');

    const json = jsonOf(await explain(['--team', 'devs', '--model', 'mistral-large-latest', '--json']));
    expect(json).toMatchObject({
      allowed: true,
      decidedBy: 'picked',
      groups: [
        { group: 'coding', member: false, reason: 'no-match', failed: 'ids' },
        { group: 'picked', member: true, reason: 'included' },
      ],
    });
  });

  it('says denied and what refused it in each group (exit 1)', async () => {
    const result = await explain(['--team', 'search', '--model', 'mistral-large-latest']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('denied: no group of team search holds mistral-large-latest.');
    expect(result.stdout).toContain('embeddings: type is chat; the rule takes embedding');

    const excluded = jsonOf(await explain(['--team', 'devs', '--model', 'codestral-2508', '--json']));
    expect(excluded).toMatchObject({ allowed: false, groups: [{ group: 'coding', reason: 'excluded' }, {}] });
  });

  it('denies a model that is not offered, whatever the groups say (exit 1)', async () => {
    await testDb.use(({ db }) =>
      db.update(models).set({ status: 'inactive' }).where(eq(models.modelId, 'mistral-embed')),
    );
    const result = await explain(['--team', 'everyone', '--model', 'mistral-embed', '--json']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ allowed: false, offered: false, groups: [] });
  });

  it('exits 2 for an unknown team or a bad ACCESS_PATH, and 64 for bad usage', async () => {
    const unknown = await explain(['--team', 'nobody', '--model', 'mistral-embed']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No team "nobody". Teams: devs, everyone, search.');

    const bad = await explain(['--team', 'search', '--model', 'mistral-embed', '--json'], {
      groups: [{ slug: 'x', name: 'X', match: { types: ['chta'] } }],
    });
    expect(bad.code).toBe(2);
    expect(jsonOf<{ error: { kind: string; message: string } }>(bad).error).toMatchObject({ kind: 'config' });
    expect(jsonOf<{ error: { message: string } }>(bad).error.message).toMatch(
      /ACCESS_PATH=.*explain\.json.*groups\[0\] \(x\)/s,
    );

    const usage = await explain(['--model', 'mistral-embed']);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toContain('--team SLUG');
  });
});
