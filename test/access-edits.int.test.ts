// Groups and teams saved in the dashboard (lib/registry/access/edits.ts) on each engine: checked like the declared
// ones, refused without a trace when invalid, audited once per change, and obeyed by the consumer API at the next
// request (over real HTTP, every answer held against the OpenAPI document).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { Database } from '../db/client';
import { accessEvents, accessGroups, accessTeams, apiKeys, models } from '../db/schema';
import { listModelsResponse } from '../lib/api/models';
import { accessCatalog } from '../lib/registry/access/catalog';
import { knownProviders, loadAccessDeclarations } from '../lib/registry/access/declared';
import { deleteGroup, deleteTeam, groupPreview, saveGroup, saveTeam } from '../lib/registry/access/edits';
import { groupFormSchema } from '../lib/registry/access/forms';
import { authenticateKey, createKey } from '../lib/registry/access/keys';
import { accessView } from '../lib/registry/access/members';
import type { GroupInput } from '../lib/registry/access/rules';
import { engine } from './support/db';
import { scratchFiles } from './support/files';
import { type Served, serveHandler } from './support/handler-server';
import { checkedAgainstOpenApi } from './support/openapi';
import { seededRegistry } from './support/seeded-registry';

const registry = seededRegistry({ ...modelDefaults, defaultNewModelStatus: 'active' });
const { file } = scratchFiles('mr-access-edits-');
const accessPath = file('access.json', {
  groups: [{ slug: 'declared', name: 'Declared', match: { types: ['embedding'] } }],
  teams: [{ slug: 'filed', name: 'Filed', groups: ['declared'] }],
});
const env = { ACCESS_PATH: accessPath, CONSUMER_API_ACCESS: 'keys' };
const declared = () => loadAccessDeclarations(env);
const providerIds = knownProviders({});
const db = () => registry.handle.db;

let served: Served;
const documented = checkedAgainstOpenApi((request: Request) =>
  listModelsResponse(request, { db: async (): Promise<Database> => db(), env }),
);

async function list(key: string, query = '') {
  const response = await fetch(`${served.url}/api/v1/models${query}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  const body = (await response.json()) as { data?: { id: string }[] };
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    ids: (body.data ?? []).map((m) => m.id).sort(),
  };
}

const CODING: GroupInput = {
  slug: 'coding',
  name: 'Coding',
  match: { ids: ['*codestral*', 'devstral*'] },
  include: [],
  exclude: [],
};
const group = (input: GroupInput, mode: 'create' | 'change' = 'create') =>
  saveGroup(db(), declared(), input, { mode, actor: 'admin:a@x.test', providerIds });
const team = (slug: string, groups: string[], mode: 'create' | 'change' = 'create') =>
  saveTeam(db(), declared(), { slug, name: slug.toUpperCase(), groups }, { mode, actor: 'admin:a@x.test' });

async function offeredIds(like: RegExp): Promise<string[]> {
  const rows = await db().select({ id: models.modelId, status: models.status }).from(models);
  return rows
    .filter((r) => r.status === 'active' && like.test(r.id))
    .map((r) => r.id)
    .sort();
}

async function counts() {
  const [g, t, e] = await Promise.all([
    db().select().from(accessGroups),
    db().select().from(accessTeams),
    db().select().from(accessEvents),
  ]);
  return { groups: g.length, teams: t.length, events: e.length };
}

beforeAll(async () => {
  served = await serveHandler(documented);
});
afterAll(async () => {
  await served?.close();
});
beforeEach(async () => {
  await db().execute(
    sql`truncate api_keys, access_events, api_key_failures, access_groups, access_teams restart identity`,
  );
});

describe(`groups and teams saved in the dashboard, on ${engine}`, () => {
  it('are groups and teams like the declared ones: the catalog, the members, a key of the team', async () => {
    await group(CODING);
    await team('devs', ['coding', 'declared']);
    const catalog = await accessCatalog(db(), declared());
    expect(catalog.groups.map((g) => [g.slug, g.source])).toEqual([
      ['all', 'built-in'],
      ['declared', 'config'],
      ['coding', 'dashboard'],
    ]);
    expect(catalog.teams.map((t) => [t.slug, t.source])).toEqual([
      ['filed', 'config'],
      ['devs', 'dashboard'],
    ]);

    const coding = await offeredIds(/codestral|^devstral/);
    expect(coding.length).toBeGreaterThan(0);
    const { key } = await createKey(db(), declared(), {
      name: 'Devs',
      kind: 'team',
      team: 'devs',
      actor: 'cli',
    });
    const answer = await list(key);
    expect(answer.status).toBe(200);
    const embeddings = await db()
      .select({ id: models.modelId })
      .from(models)
      .where(eq(models.type, 'embedding'));
    expect(answer.ids).toEqual([...new Set([...coding, ...embeddings.map((r) => r.id)])].sort());
  });

  it('record one event per change, with before and after, and none when nothing changed', async () => {
    await group(CODING);
    expect((await group(CODING, 'change')).changed).toBe(false);
    await group({ ...CODING, name: 'Coding models', exclude: ['codestral-2508'] }, 'change');
    await team('devs', ['coding']);
    const events = await db().select().from(accessEvents).orderBy(accessEvents.id);
    expect(events).toMatchObject([
      {
        action: 'group_created',
        subject: 'group:coding',
        actor: 'admin:a@x.test',
        before: null,
        after: { name: 'Coding', match: { ids: ['*codestral*', 'devstral*'] } },
      },
      {
        action: 'group_changed',
        before: { name: 'Coding' },
        after: { name: 'Coding models', exclude: ['codestral-2508'] },
      },
      { action: 'team_created', subject: 'team:devs', after: { name: 'DEVS', groups: ['coding'] } },
    ]);
    expect(events).toHaveLength(3);
  });

  it('see no change in a rule that says the same, whatever order its criteria were stored in', async () => {
    const rule = {
      ...CODING,
      slug: 'mixed',
      match: {
        providers: ['mistral'],
        types: ['chat' as const],
        capabilities: ['vision'],
        deprecated: false,
      },
    };
    await group(rule);
    // jsonb keeps keys in its own order (shortest first): the stored rule reads back in another order.
    expect((await group(rule, 'change')).changed).toBe(false);
    expect((await counts()).events).toBe(1);
  });

  it('refuse invalid rules with a clear error and change nothing', async () => {
    await group(CODING);
    const before = await counts();
    const refusals: [GroupInput, RegExp][] = [
      [{ ...CODING, slug: 'bad', match: { ids: ['not a pattern'] } }, /match\.ids\.0: An id pattern is/],
      [{ ...CODING, slug: 'bad', match: { providers: ['nosuch'] } }, /unknown provider "nosuch" \(known: /],
      [{ ...CODING, slug: 'bad', match: { types: ['spaceship' as 'chat'] } }, /match\.types\.0/],
      [{ ...CODING, slug: 'bad', match: {} }, /match names no criterion/],
      [{ ...CODING, slug: 'bad', match: undefined }, /neither a match nor an include/],
      [{ ...CODING, slug: 'all' }, /"all" is the built-in group/],
      [{ ...CODING, slug: 'Not A Slug' }, /A slug is 1–63 lower-case letters/],
    ];
    for (const [input, message] of refusals) await expect(group(input)).rejects.toThrow(message);
    await expect(group(CODING)).rejects.toThrow('A group coding exists already');
    await expect(group({ ...CODING, slug: 'declared' })).rejects.toThrow(
      `The group declared is declared in ACCESS_PATH=${accessPath} and read-only here`,
    );
    await expect(group({ ...CODING, slug: 'missing' }, 'change')).rejects.toThrow('No group missing');
    await expect(team('devs', ['coding', 'nosuch'])).rejects.toThrow(/No group nosuch\. Groups: all, /);
    await expect(team('filed', ['coding'])).rejects.toThrow('The team filed is declared in');
    await expect(deleteGroup(db(), declared(), 'declared', 'admin:a@x.test')).rejects.toThrow('read-only');
    expect(await counts()).toEqual(before);
  });

  it('preview what a rule holds, and say when it matches nothing or everything', async () => {
    const none = await groupPreview(
      db(),
      declared(),
      { ...CODING, match: { ids: ['openai/gpt-9*'] } },
      providerIds,
    );
    expect(none).toMatchObject({ members: 0, warning: 'nothing' });
    const every = await groupPreview(
      db(),
      declared(),
      { ...CODING, match: { providers: ['mistral'] } },
      providerIds,
    );
    expect(every).toMatchObject({ warning: 'everything' });
    expect('members' in every && every.members === every.offered).toBe(true);
    const some = await groupPreview(db(), declared(), CODING, providerIds);
    expect(some).toMatchObject({ members: (await offeredIds(/codestral|^devstral/)).length, warning: null });
    expect(await groupPreview(db(), declared(), { ...CODING, match: {} }, providerIds)).toEqual({
      problems: [expect.stringContaining('match names no criterion')],
    });
    expect(await counts()).toEqual({ groups: 0, teams: 0, events: 0 });
  });

  it("change a team key's list at the next request, and only the ETags of the views it changes", async () => {
    await group(CODING);
    await group({ slug: 'embed', name: 'Embed', match: { types: ['embedding'] }, include: [], exclude: [] });
    await team('devs', ['coding']);
    await team('search', ['embed']);
    const mint = async (slug: string) =>
      (await createKey(db(), declared(), { name: slug, kind: 'team', team: slug, actor: 'cli' })).key;
    const [devs, search] = [await mint('devs'), await mint('search')];
    const devsBefore = await list(devs);
    const searchBefore = await list(search);

    await group({ ...CODING, exclude: ['codestral-2508'] }, 'change');
    const devsAfter = await list(devs);
    expect(devsAfter.ids).toEqual(devsBefore.ids.filter((id) => id !== 'codestral-2508'));
    expect(devsAfter.etag).not.toBe(devsBefore.etag);
    expect(await list(search)).toEqual(searchBefore);

    await team('devs', ['coding', 'embed'], 'change');
    expect((await list(devs)).ids).toEqual([...new Set([...devsAfter.ids, ...searchBefore.ids])].sort());
  });

  it('take a deleted group out of every team, whose keys then see nothing of it', async () => {
    await group(CODING);
    await team('devs', ['coding']);
    await team('both', ['coding', 'declared']);
    const { key } = await createKey(db(), declared(), {
      name: 'd',
      kind: 'team',
      team: 'devs',
      actor: 'cli',
    });
    expect((await list(key)).ids.length).toBeGreaterThan(0);

    expect(await deleteGroup(db(), declared(), 'coding', 'admin:a@x.test')).toEqual({
      teams: ['both', 'devs'],
    });
    expect(await list(key)).toMatchObject({ status: 200, ids: [] });
    const teams = await db().select().from(accessTeams).orderBy(accessTeams.slug);
    expect(teams.map((t) => [t.slug, t.groups])).toEqual([
      ['both', ['declared']],
      ['devs', []],
    ]);
    const actions = (await db().select().from(accessEvents).orderBy(accessEvents.id)).map((e) => e.action);
    expect(actions.slice(-3)).toEqual(['team_changed', 'team_changed', 'group_deleted']);

    // The same slug made again later is a new group: the team was not granted it.
    await group(CODING);
    expect((await list(key)).ids).toEqual([]);
  });

  it("revoke a deleted team's keys, so a team made again with its slug does not bring them back", async () => {
    await group(CODING);
    await team('devs', ['coding']);
    const { key, record } = await createKey(db(), declared(), {
      name: 'd',
      kind: 'team',
      team: 'devs',
      actor: 'cli',
    });
    expect(await deleteTeam(db(), declared(), 'devs', 'admin:a@x.test')).toEqual({
      revoked: [record.prefix],
    });
    expect(await authenticateKey(db(), key)).toEqual({ refused: 'revoked' });
    await team('devs', ['coding']);
    expect((await list(key)).status).toBe(401);
    const [row] = await db().select().from(apiKeys);
    expect(row?.revokedBy).toBe('admin:a@x.test');
    const events = await db().select().from(accessEvents).orderBy(accessEvents.id);
    expect(events.map((e) => [e.action, e.subject])).toContainEqual(['key_revoked', record.prefix]);
    expect(events.map((e) => e.action)).toContain('team_deleted');
  });

  it('let the file win over a saved slug it also declares, and say so', async () => {
    await group({ ...CODING, slug: 'later' });
    const file2 = file('access-later.json', {
      groups: [{ slug: 'later', name: 'Later', match: { types: ['embedding'] } }],
    });
    const later = loadAccessDeclarations({ ACCESS_PATH: file2 });
    const catalog = await accessCatalog(db(), later);
    expect(catalog.groups.filter((g) => g.slug === 'later')).toMatchObject([{ source: 'config' }]);
    expect(catalog.shadowed).toEqual({ groups: ['later'], teams: [] });
    const view = await accessView(db(), later);
    expect(view.groups.get('later')?.match).toEqual({ types: ['embedding'] });

    // Deleting the shadowed copy leaves what is in force alone: the teams keep their grant of the declared group.
    await team('users', ['later']);
    expect(await deleteGroup(db(), later, 'later', 'admin:a@x.test')).toEqual({ teams: [] });
    const [users] = await db().select().from(accessTeams);
    expect(users?.groups).toEqual(['later']);
    expect((await accessView(db(), later)).groups.get('later')?.source).toBe('config');
  });

  it("say which keys of a team once declared see a saved team of its slug, and keep a declared team's keys", async () => {
    const { key, record } = await createKey(db(), declared(), {
      name: 'f',
      kind: 'team',
      team: 'filed',
      actor: 'cli',
    });
    // The file drops team "filed": its key sees nothing; a team saved with that slug gives it that team's models.
    const dropped = loadAccessDeclarations({ ACCESS_PATH: file('dropped.json', { groups: [], teams: [] }) });
    const saved = await saveTeam(
      db(),
      dropped,
      { slug: 'filed', name: 'Filed again', groups: ['all'] },
      { mode: 'create', actor: 'admin:a@x.test' },
    );
    expect(saved.keys).toEqual([record.prefix]);
    // The file declares it again: deleting the saved copy does not revoke the declared team's key.
    expect(await deleteTeam(db(), declared(), 'filed', 'admin:a@x.test')).toEqual({ revoked: [] });
    expect(await authenticateKey(db(), key)).toMatchObject({ prefix: record.prefix, team: 'filed' });
    const [row] = await db().select().from(apiKeys);
    expect(row?.revokedAt).toBeNull();
  });
});

describe('the group form', () => {
  const form = (fields: Record<string, unknown>) =>
    groupFormSchema.safeParse({ mode: 'create', slug: 'g', name: 'G', ...fields });

  it('reads checkboxes and one id per line into a rule', () => {
    const parsed = form({
      providers: ['openai', 'mistral'],
      ids: 'openai/gpt-4*\n\n  */embed* , mistral-*',
      types: 'chat',
      deprecated: 'none',
      include: 'mistral-large-latest',
    });
    expect(parsed.success && parsed.data.group).toEqual({
      slug: 'g',
      name: 'G',
      match: {
        providers: ['openai', 'mistral'],
        ids: ['openai/gpt-4*', '*/embed*', 'mistral-*'],
        types: ['chat'],
        deprecated: false,
      },
      include: ['mistral-large-latest'],
      exclude: [],
    });
  });

  it('puts an error on the field that has it', () => {
    const parsed = form({ ids: 'ok-*\nnot a pattern', types: ['chat', 'spaceship'] });
    expect(parsed.success).toBe(false);
    const fields = parsed.error?.issues.map((i) => String(i.path[0]));
    expect(fields).toEqual(expect.arrayContaining(['ids', 'types']));
  });
});
