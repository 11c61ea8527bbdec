// access:explain as a real process on each engine: its verdicts, exit codes and --json, over a registry seeded by
// models:seed with every model active.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models } from '../db/schema';
import { loadAccessDeclarations } from '../lib/registry/access/declared';
import { createKey, type NewKey, revokeKey } from '../lib/registry/access/keys';
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

  it('judges a key as its team narrowed to its groups; a platform key sees all; a revoked key nothing', async () => {
    const declared = loadAccessDeclarations({ ACCESS_PATH: file('keys.json', ACCESS) });
    const mint = (input: Omit<NewKey, 'name' | 'actor'>) =>
      testDb.use(
        async ({ db }) => (await createKey(db, declared, { ...input, name: 'k', actor: 'cli' })).record,
      );
    const narrowed = await mint({ kind: 'team', team: 'devs', groups: ['coding'] });
    const platform = await mint({ kind: 'platform' });
    const revoked = await mint({ kind: 'team', team: 'devs' });
    await testDb.use(({ db }) => revokeKey(db, revoked.prefix, 'cli'));

    // The team holds mistral-large-latest through "picked"; the key, narrowed to "coding", does not.
    const team = await explain(['--team', 'devs', '--model', 'mistral-large-latest']);
    expect(team.code).toBe(0);
    const key = await explain(['--key', narrowed.prefix, '--model', 'mistral-large-latest', '--json']);
    expect(key.code).toBe(1);
    expect(jsonOf(key)).toMatchObject({
      allowed: false,
      key: narrowed.prefix,
      groups: [
        { group: 'coding', member: false },
        { group: 'picked', member: false },
      ],
    });
    expect(jsonOf<{ groups: { says: string }[] }>(key).groups[1]?.says).toContain(
      'the key is narrowed to coding, so this group does not count',
    );
    const coding = await explain(['--key', narrowed.prefix, '--model', 'codestral-latest']);
    expect(coding.code, coding.stdout).toBe(0);
    expect(coding.stdout).toContain(`key ${narrowed.prefix} (team devs): allowed`);

    const all = await explain(['--key', platform.prefix, '--model', 'mistral-large-latest']);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain('is a platform key, which sees every offered model');
    const refused = await explain(['--key', revoked.prefix, '--model', 'codestral-latest']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(`denied: key ${revoked.prefix} is revoked`);

    const unknown = await explain(['--key', 'mrk_zzzzzzzz', '--model', 'codestral-latest']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No key mrk_zzzzzzzz.');
    const both = await explain(['--key', platform.prefix, '--team', 'devs', '--model', 'codestral-latest']);
    expect(both.code).toBe(64);
    expect(both.stderr).toContain('Name a team or a key, not both.');
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
    expect(usage.stderr).toContain('--key PREFIX');
  });
});
