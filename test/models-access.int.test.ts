// The Models page's access view on each engine: "usable by team T" / "in group G" lists exactly the offered models
// the consumer API would give that team or group, "all matching" a bulk edit under that filter edits exactly those,
// and each model says who may use it.
import { inArray, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { models } from '../db/schema';
import { knownProviders, loadAccessDeclarations } from '../lib/registry/access/declared';
import { saveGroup, saveTeam } from '../lib/registry/access/edits';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import {
  listModels,
  modelsPageAccess,
  modelWriteFilterSchema,
  parseModelFilter,
} from '../lib/registry/reads/models-page';
import { engine } from './support/db';
import { scratchFiles } from './support/files';
import { seededRegistry } from './support/seeded-registry';

const config = { ...modelDefaults, defaultNewModelStatus: 'active' as const };
const registry = seededRegistry(config);
const db = () => registry.handle.db;
const NO_FILE = {};
const actor = 'admin:a@x.test';
const { file } = scratchFiles('mr-models-access-');

async function offered(like: RegExp): Promise<string[]> {
  const rows = await db().select({ id: models.modelId, status: models.status }).from(models);
  return rows
    .filter((r) => r.status === 'active' && like.test(r.id))
    .map((r) => r.id)
    .sort();
}

async function page(query: Record<string, string>, env: Record<string, string> = NO_FILE) {
  const filter = parseModelFilter({ perPage: '200', sort: 'id', ...query });
  const access = await modelsPageAccess(db(), filter, env);
  const list = await listModels(db(), filter, new Date(), access.usable);
  return { ids: list.rows.map((r) => r.modelId).sort(), total: list.total, access };
}

beforeEach(async () => {
  await db().execute(sql`truncate access_events, access_groups, access_teams restart identity`);
  const declared = loadAccessDeclarations(NO_FILE);
  const providerIds = knownProviders(NO_FILE);
  await saveGroup(
    db(),
    declared,
    {
      slug: 'coding',
      name: 'Coding',
      match: { ids: ['*codestral*', 'devstral*'] },
      include: [],
      exclude: [],
    },
    { mode: 'create', actor, providerIds },
  );
  await saveGroup(
    db(),
    declared,
    { slug: 'embed', name: 'Embed', match: { types: ['embedding'] }, include: [], exclude: [] },
    { mode: 'create', actor, providerIds },
  );
  await saveTeam(
    db(),
    declared,
    { slug: 'devs', name: 'Devs', groups: ['coding'] },
    { mode: 'create', actor },
  );
  await saveTeam(
    db(),
    declared,
    { slug: 'search', name: 'Search', groups: ['embed'] },
    { mode: 'create', actor },
  );
});

describe(`the Models page's access view on ${engine}`, () => {
  it("lists what a team may use, or what a group holds, and nothing for one that doesn't exist", async () => {
    const coding = await offered(/codestral|^devstral/);
    expect(coding.length).toBeGreaterThan(1);
    const devs = await page({ access: 'team:devs' });
    expect(devs.ids).toEqual(coding);
    expect(devs.total).toBe(coding.length);
    expect((await page({ access: 'group:coding' })).ids).toEqual(coding);
    // With another filter on top: both must hold.
    expect((await page({ access: 'team:devs', q: 'devstral' })).ids).toEqual(
      coding.filter((id) => id.startsWith('devstral')),
    );
    expect(await page({ access: 'team:nobody' })).toMatchObject({ ids: [], total: 0 });
    // A malformed value is ignored, as every filter in a URL is.
    expect((await page({ access: 'everyone' })).total).toBe((await page({})).total);
  });

  it('moves with a model that stops being offered, at the next page', async () => {
    const before = await page({ access: 'team:devs' });
    const [gone] = before.ids;
    await db()
      .update(models)
      .set({ status: 'inactive' })
      .where(inArray(models.modelId, [gone as string]));
    expect((await page({ access: 'team:devs' })).ids).toEqual(before.ids.slice(1));
  });

  it('says who may use each model: its groups and the teams granted them; nothing for one not offered', async () => {
    const { access } = await page({});
    expect(access.inUse).toBe(true);
    expect(access.teams.map((t) => t.slug)).toEqual(['devs', 'search']);
    expect(access.whoCanUse('mistral', 'codestral-embed')).toEqual({
      groups: ['all', 'coding', 'embed'],
      teams: ['devs', 'search'],
    });
    expect(access.whoCanUse('mistral', 'mistral-large-latest')).toEqual({ groups: ['all'], teams: [] });
    await db()
      .update(models)
      .set({ status: 'inactive' })
      .where(inArray(models.modelId, ['codestral-embed']));
    expect((await page({})).access.whoCanUse('mistral', 'codestral-embed')).toBeNull();
  });

  it('keeps working when ACCESS_PATH is broken: the filter matches nothing, and says why', async () => {
    const broken = { ACCESS_PATH: file('broken.json', '{ not json') };
    const answer = await page({ access: 'team:devs' }, broken);
    expect(answer.ids).toEqual([]);
    expect(answer.access.problem).toMatch(/is not valid JSON/);
  });

  it('bulk-edits "all matching" under the filter: exactly the models it lists', async () => {
    const coding = await offered(/codestral|^devstral/);
    const others = (await offered(/./)).filter((id) => !coding.includes(id));
    const result = await applyBulkEdit(db(), config, {
      target: { kind: 'filter', filter: modelWriteFilterSchema.parse({ access: 'team:devs' }) },
      changes: { status: 'inactive' },
      actor,
    });
    expect(result.changed + result.pinnedSkipped).toBe(coding.length);
    const still = await offered(/./);
    expect(still.filter((id) => coding.includes(id)).length).toBe(result.pinnedSkipped);
    expect(still.filter((id) => !coding.includes(id))).toEqual(others);
  });

  it('refuses a bulk filter naming access the wrong way, writing nothing', () => {
    const parsed = modelWriteFilterSchema.safeParse({ access: 'devs' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('Choose a team (team:SLUG) or a group (group:SLUG).');
  });
});
