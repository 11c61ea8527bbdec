// Access groups and teams over a real registry on each engine: a group is its rule over the offered models, so a
// model a later sync adds is in it at once and one that stops being offered leaves it.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import { models } from '../db/schema';
import { loadAccessDeclarations } from '../lib/registry/access/declared';
import { accessView, teamModelIds } from '../lib/registry/access/members';
import { loadCatalog } from '../lib/registry/providers';
import { diagnose } from '../lib/registry/sync/doctor';
import { runSeed } from '../lib/registry/sync/run';
import { ACCESS_FIXTURE } from './support/access-fixture';
import { engine } from './support/db';
import { scratchFiles } from './support/files';
import { seededRegistry } from './support/seeded-registry';

const config = { ...modelDefaults, defaultNewModelStatus: 'active' as const };
const registry = seededRegistry(config);
const { file } = scratchFiles('mr-access-');

const ACCESS = ACCESS_FIXTURE;

const declaredFrom = (content: unknown) =>
  loadAccessDeclarations({ ACCESS_PATH: file('access.json', content) });

async function offeredOfType(type: string): Promise<string[]> {
  const rows = await registry.handle.db
    .select({ modelId: models.modelId, type: models.type, status: models.status })
    .from(models);
  return rows
    .filter((r) => r.type === type && r.status === 'active')
    .map((r) => r.modelId)
    .sort();
}

describe(`access groups on ${engine}`, () => {
  it('hold the offered models their rules take; `all` holds every offered model', async () => {
    const view = await accessView(registry.handle.db, declaredFrom(ACCESS));
    const embeddings = await offeredOfType('embedding');
    expect(embeddings.length).toBeGreaterThan(0);
    expect([...(view.members.get('embeddings') ?? [])].sort()).toEqual(embeddings);
    expect(view.members.get('all')?.size).toBe(44);
    const coding = [...(view.members.get('coding') ?? [])];
    expect(coding.length).toBeGreaterThan(0);
    expect(coding.every((id) => /codestral|^devstral/.test(id))).toBe(true);
    expect(coding).not.toContain('codestral-2508');
    expect([...teamModelIds(view, view.teams.get('devs') as never)].sort()).toEqual(
      [...coding, 'mistral-large-latest'].sort(),
    );
  });

  it('take a model a later sync adds at once, and drop one that stops being offered', async () => {
    const declared = declaredFrom(ACCESS);
    const before = await accessView(registry.handle.db, declared);
    expect(before.members.get('embeddings')?.has('mistral-embed-2612')).toBe(false);

    const catalog = await loadCatalog({ source: 'catalog' });
    const embed = catalog.cards.find((card) => card.type === 'embedding');
    if (!embed) throw new Error('the bundled catalog has an embedding model');
    const added = { ...embed, modelId: 'mistral-embed-2612', groupName: 'mistral-embed-2612', aliases: [] };
    const report = await runSeed(registry.handle.db, {
      trigger: 'cli',
      actor: 'cli',
      config,
      sourceLabel: 'catalog',
      loadCatalog: async () => ({
        ...catalog,
        cards: [...catalog.cards, added].sort((a, b) => (a.modelId < b.modelId ? -1 : 1)),
      }),
    });
    expect(report.counts.added).toBe(1);
    const after = await accessView(registry.handle.db, declared);
    expect(after.members.get('embeddings')?.has('mistral-embed-2612')).toBe(true);

    await registry.handle.db
      .update(models)
      .set({ status: 'inactive' })
      .where(eq(models.modelId, 'mistral-embed-2612'));
    const off = await accessView(registry.handle.db, declared);
    expect(off.members.get('embeddings')?.has('mistral-embed-2612')).toBe(false);
    expect(off.members.get('all')?.has('mistral-embed-2612')).toBe(false);
    expect(off.models.has('mistral-embed-2612')).toBe(false);
  });

  it("hold only models the consumer API serves: a manual Mistral model named like OpenAI's is in no group", async () => {
    await registry.handle.db.insert(models).values({
      provider: 'mistral',
      modelId: 'openai/gpt-4o',
      displayName: 'Not OpenAI',
      type: 'chat',
      status: 'active',
      statusSource: 'admin',
      statusSetBy: 'cli',
      source: 'manual',
    });
    const view = await accessView(
      registry.handle.db,
      declaredFrom({ groups: [{ slug: 'm', name: 'Mistral', match: { providers: ['mistral'] } }] }),
    );
    expect(view.members.get('m')?.has('openai/gpt-4o')).toBe(false);
    expect(view.members.get('all')?.has('openai/gpt-4o')).toBe(false);
    expect(view.models.has('openai/gpt-4o')).toBe(false);
  });

  it('give a team nothing through a group that is no longer declared', async () => {
    const declared = declaredFrom({
      groups: [ACCESS.groups[0]],
      teams: [{ slug: 'search', name: 'Search', groups: ['embeddings'] }],
    });
    const view = await accessView(registry.handle.db, declared);
    // The team still names a group the next file drops: it then sees nothing, not everything.
    expect(
      teamModelIds(view, { slug: 'search', name: 'Search', groups: ['gone'], source: 'config' }).size,
    ).toBe(0);
  });
});

describe(`models:doctor on access, on ${engine}`, () => {
  const doctor = (env: Record<string, string>) =>
    diagnose({ env, openDatabase: async () => ({ ...registry.handle, close: async () => {} }) });
  const finding = async (env: Record<string, string>, check: string) =>
    (await doctor(env)).findings.find((f) => f.check === check);

  it('warns when a production server answers without a key, and not once keys are required', async () => {
    expect(await finding({ NODE_ENV: 'production' }, 'consumer API')).toMatchObject({
      status: 'warning',
      detail: expect.stringContaining('CONSUMER_API_ACCESS=keys'),
    });
    expect(await finding({}, 'consumer API')).toMatchObject({ status: 'ok' });
    expect(
      await finding({ NODE_ENV: 'production', CONSUMER_API_ACCESS: 'keys' }, 'consumer API'),
    ).toMatchObject({
      status: 'ok',
    });
    expect(
      await finding({ NODE_ENV: 'production', REGISTRY_API_TOKEN: 'x'.repeat(24) }, 'consumer API'),
    ).toMatchObject({
      status: 'ok',
    });
    expect(await finding({ CONSUMER_API_ACCESS: 'sometimes' }, 'consumer API')).toMatchObject({
      status: 'problem',
    });
  });

  it('names a bad ACCESS_PATH as a problem, and counts a good one', async () => {
    const bad = await doctor({ ACCESS_PATH: file('bad.json', { groups: [{ slug: 'x' }] }) });
    expect(bad.problems).toEqual([
      expect.stringMatching(/^access: The access groups and teams in ACCESS_PATH=.*groups\[0\] \(x\)/s),
    ]);
    expect(await finding({ ACCESS_PATH: file('good.json', ACCESS) }, 'access')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('3 group(s) and 3 team(s)'),
    });
  });
});
