// keys:create, keys:list, keys:revoke and keys:rotate as real processes on each engine: the secret printed once and
// never again, exit codes, --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';
import { scratchFiles } from './support/files';

let testDb: TestDb;
const { file } = scratchFiles('mr-keys-cli-');
const ACCESS_PATH = file('access.json', {
  groups: [{ slug: 'embeddings', name: 'Embeddings', match: { types: ['embedding'] } }],
  teams: [{ slug: 'search', name: 'Search', groups: ['embeddings'] }],
});
const keys = (name: string, args: string[]) =>
  runCli(`keys-${name}`, args, { env: { ...testDb.env, ACCESS_PATH } });

type Listed = { keys: Array<Record<string, unknown>> };

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb?.drop();
});

describe(`the keys commands on ${engine}`, () => {
  it('create a key, print its secret once, list it without, revoke and rotate it', async () => {
    const created = await keys('create', [
      '--name',
      'Search service',
      '--team',
      'search',
      '--expires',
      '90d',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const secret = /(mrk_[a-z2-7]{8}_[A-Za-z0-9_-]{43})/.exec(created.stdout)?.[1] ?? '';
    expect(secret).not.toBe('');
    expect(created.stdout).toContain('This is the only time the secret is shown');
    const prefix = secret.slice(0, 12);

    const platform = jsonOf(
      await keys('create', ['--name', 'Backend', '--platform', '--actor', 'deploy', '--json']),
    );
    expect(platform).toMatchObject({
      kind: 'platform',
      team: null,
      createdBy: 'cli:deploy',
      state: 'active',
    });
    expect(String(platform.key)).toMatch(/^mrk_/);

    const listed = await keys('list', ['--json']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(secret.slice(13));
    expect(listed.stdout).not.toContain(String(platform.key).slice(13));
    expect(jsonOf<Listed>(listed).keys.map((k) => [k.prefix, k.state, k.team])).toEqual([
      [platform.prefix, 'active', null],
      [prefix, 'active', 'search'],
    ]);
    expect((await keys('list', [])).stdout).toContain(`${prefix}  active   Search service  ·  team search`);

    const revoked = await keys('revoke', [prefix]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked key ${prefix}`);
    expect(jsonOf(await keys('revoke', [prefix, '--json']))).toMatchObject({
      alreadyRevoked: true,
      state: 'revoked',
    });
    const rotateRevoked = await keys('rotate', [prefix]);
    expect(rotateRevoked.code).toBe(1);
    expect(rotateRevoked.stderr).toContain('is revoked');

    const rotated = jsonOf(await keys('rotate', [String(platform.prefix), '--json']));
    expect(rotated).toMatchObject({ kind: 'platform', rotatedFrom: platform.prefix, state: 'active' });
    expect(rotated.key).not.toBe(platform.key);
  });

  it('refuse what they cannot do: no such key or team (1), bad usage (64)', async () => {
    const missing = await keys('revoke', ['mrk_zzzzzzzz']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No key mrk_zzzzzzzz');
    const noTeam = await keys('create', ['--name', 'x', '--team', 'nobody', '--json']);
    expect(noTeam.code).toBe(1);
    expect(jsonOf<{ error: { message: string } }>(noTeam).error.message).toContain(
      'No team "nobody". Teams: search.',
    );
    for (const args of [
      ['--name', 'x'],
      ['--name', 'x', '--team', 'search', '--platform'],
      ['--name', 'x', '--team', 'search', '--expires', '3x'],
      ['--name', 'x', '--team', 'search', '--expires', '2001-01-01'],
      ['--team', 'search'],
    ]) {
      const bad = await keys('create', args);
      expect(bad.code, args.join(' ')).toBe(64);
    }
    expect((await keys('revoke', ['not-a-prefix'])).code).toBe(64);
    const listed = jsonOf<Listed>(await keys('list', ['--json']));
    expect(listed.keys.some((k) => k.name === 'x')).toBe(false);
  });
});
