// Export / import carry the access groups and teams saved in the dashboard (never the declared ones, never keys),
// through the real commands on each engine: reproduced in a fresh registry with one access event each (actor
// import), idempotent, checked against the target's providers and ACCESS_PATH, and refused whole when invalid.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { accessEvents, accessGroups, accessTeams } from '../db/schema';
import { knownProviders, loadAccessDeclarations } from '../lib/registry/access/declared';
import { deleteGroup, exportSavedAccess, saveGroup, saveTeam } from '../lib/registry/access/edits';
import { createKey } from '../lib/registry/access/keys';
import { jsonOf, runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';

let dir: string;
let source: TestDb;
let target: TestDb;
let file: string;
let keyPrefix: string;
const cli = (db: TestDb, name: string, args: string[], env: Record<string, string> = {}) =>
  runCli(name, args, { env: { ...db.env, ...env } });

async function decide(handle: DbHandle) {
  const declared = loadAccessDeclarations({});
  const options = {
    mode: 'create' as const,
    actor: 'admin:dee@example.com',
    providerIds: knownProviders({}),
  };
  await saveGroup(
    handle.db,
    declared,
    {
      slug: 'coding',
      name: 'Coding',
      description: 'Code models',
      match: { ids: ['*codestral*'], deprecated: false },
      include: ['mistral-large-latest'],
      exclude: ['codestral-2508'],
    },
    options,
  );
  await saveGroup(
    handle.db,
    declared,
    {
      slug: 'embed',
      name: 'Embed',
      match: { providers: ['mistral'], types: ['embedding'] },
      include: [],
      exclude: [],
    },
    options,
  );
  // A group whose deletion leaves a team with no group at all: such a team travels as it is.
  await saveGroup(
    handle.db,
    declared,
    { slug: 'gone', name: 'Gone', match: { types: ['ocr'] }, include: [], exclude: [] },
    options,
  );
  await saveTeam(handle.db, declared, { slug: 'orphans', name: 'Orphans', groups: ['gone'] }, options);
  await deleteGroup(handle.db, declared, 'gone', 'admin:dee@example.com');
  await saveTeam(handle.db, declared, { slug: 'devs', name: 'Devs', groups: ['coding', 'all'] }, options);
  await saveTeam(handle.db, declared, { slug: 'search', name: 'Search', groups: ['embed'] }, options);
  const { record } = await createKey(handle.db, declared, {
    name: 'Search',
    kind: 'team',
    team: 'search',
    actor: 'cli',
  });
  keyPrefix = record.prefix;
}

const saved = (db: TestDb) => db.use((h) => exportSavedAccess(h.db));
const countEvents = (db: TestDb) => db.use(async (h) => (await h.db.select().from(accessEvents)).length);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mr-access-transfer-'));
  source = await createTestDb();
  target = await createTestDb();
  expect((await cli(source, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
  expect((await cli(target, 'models-deploy', ['--source', 'catalog'])).code).toBe(0);
  await source.use(decide);
  file = join(dir, 'export.json');
  const exported = await cli(source, 'models-export', ['--out', file]);
  expect(exported.code, exported.stderr).toBe(0);
});
afterAll(async () => {
  await source?.drop();
  await target?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe(`export and import of groups and teams on ${engine}`, () => {
  it('export the saved groups and teams in the declarations’ shape, and no key', async () => {
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse(text);
    expect(json.access).toEqual({
      groups: [
        {
          slug: 'coding',
          name: 'Coding',
          description: 'Code models',
          match: { ids: ['*codestral*'], deprecated: false },
          include: ['mistral-large-latest'],
          exclude: ['codestral-2508'],
        },
        {
          slug: 'embed',
          name: 'Embed',
          match: { providers: ['mistral'], types: ['embedding'] },
          include: [],
          exclude: [],
        },
      ],
      teams: [
        { slug: 'devs', name: 'Devs', groups: ['coding', 'all'] },
        { slug: 'orphans', name: 'Orphans', groups: [] },
        { slug: 'search', name: 'Search', groups: ['embed'] },
      ],
    });
    expect(text).not.toContain(keyPrefix);
    expect(text).not.toContain('mrk_');
  });

  it('refuse a file whose groups this registry cannot use, writing nothing', async () => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.access.groups[1].match = { providers: ['nowhere'] };
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(json));
    const before = await countEvents(target);
    const refused = await cli(target, 'models-import', [bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('access.groups[1] (embed): unknown provider "nowhere"');
    expect(await countEvents(target)).toBe(before);
    expect(await saved(target)).toEqual({ groups: [], teams: [] });

    json.access.groups[1].match = { ids: ['not a pattern'] };
    writeFileSync(bad, JSON.stringify(json));
    const malformed = await cli(target, 'models-import', [bad]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('access.groups[1].match.ids[0]: An id pattern is');
  });

  it('reproduce them in a fresh registry, one event each, and change nothing the second time', async () => {
    const dry = await cli(target, 'models-import', [file, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(jsonOf(dry).access).toMatchObject({ groups: { created: 2 }, teams: { created: 3 } });
    expect(await saved(target)).toEqual({ groups: [], teams: [] });

    const imported = await cli(target, 'models-import', [file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(
      'Access groups: 2 created, 0 changed, 0 unchanged; teams: 3 created, 0 changed, 0 unchanged.',
    );
    expect(await saved(target)).toEqual(await saved(source));
    await target.use(async (h) => {
      const events = await h.db.select().from(accessEvents).orderBy(accessEvents.id);
      expect(events.map((e) => [e.action, e.subject, e.actor])).toEqual([
        ['group_created', 'group:coding', 'import'],
        ['group_created', 'group:embed', 'import'],
        ['team_created', 'team:devs', 'import'],
        ['team_created', 'team:orphans', 'import'],
        ['team_created', 'team:search', 'import'],
      ]);
      expect(await h.db.select().from(accessGroups)).toHaveLength(2);
    });

    const again = await cli(target, 'models-import', [file, '--json']);
    // The same file again: nothing changed, whatever order jsonb stored the rules' criteria in.
    expect(jsonOf(again).access).toMatchObject({ groups: { unchanged: 2 }, teams: { unchanged: 3 } });
    expect(await countEvents(target)).toBe(5);
  });

  it("keep the target's declared entries, and leave out grants of groups it has not", async () => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.access.teams.push({ slug: 'ghosts', name: 'Ghosts', groups: ['embed', 'vanished'] });
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify(json));
    const accessPath = join(dir, 'access.json');
    writeFileSync(
      accessPath,
      JSON.stringify({
        groups: [{ slug: 'embed', name: 'Declared embed', match: { types: ['embedding'] } }],
      }),
    );
    const imported = await cli(target, 'models-import', [edited, '--json'], { ACCESS_PATH: accessPath });
    expect(imported.code, imported.stderr).toBe(0);
    expect(jsonOf(imported).access).toMatchObject({
      declaredHere: ['group embed'],
      unknownGroups: ['team ghosts: group vanished'],
      teams: { created: 1 },
    });
    await target.use(async (h) => {
      const teams = await h.db.select().from(accessTeams).orderBy(accessTeams.slug);
      expect(teams.find((t) => t.slug === 'ghosts')?.groups).toEqual(['embed']);
    });
  });
});
