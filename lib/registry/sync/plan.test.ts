import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelStatus, StatusSource } from '../../../db/schema';
import { isRegistryError } from '../errors';
import type { ModelDefaults, ProviderCard } from '../types';
import { computeSeedPlan, type ExistingModel, providerValuesOf } from './plan';

const NOW = new Date('2026-11-25T00:00:00Z');
const noPins: ModelDefaults = { alwaysActive: [], alwaysInactive: [], defaultNewModelStatus: 'inactive' };

function card(modelId: string, extra: Partial<ProviderCard> = {}): ProviderCard {
  return {
    modelId,
    groupName: modelId,
    aliases: [],
    description: `about ${modelId}`,
    contextLength: 32000,
    capabilities: ['completion_chat'],
    type: 'chat',
    deprecation: null,
    deprecationReplacement: null,
    ...extra,
  };
}

let nextPk = 1;
function row(c: ProviderCard, extra: Partial<ExistingModel> = {}): ExistingModel {
  const values = providerValuesOf(c);
  return {
    id: nextPk++,
    provider: 'mistral',
    modelId: c.modelId,
    displayName: values.displayName,
    description: values.description,
    type: values.type,
    capabilities: values.capabilities,
    contextLength: values.contextLength,
    aliases: values.aliases,
    groupName: c.groupName,
    deprecation: values.deprecation ? new Date(values.deprecation) : null,
    deprecationReplacement: values.deprecationReplacement,
    status: 'inactive',
    statusSource: 'default',
    statusSetBy: 'seed',
    retiredAt: null,
    source: 'provider',
    overriddenFields: [],
    providerValues: values,
    version: 1,
    ...extra,
  };
}

const plan = (cards: ProviderCard[], existing: ExistingModel[], config = noPins, allowMassRetire = false) =>
  computeSeedPlan({ provider: 'mistral', cards, existing, config, now: NOW, allowMassRetire });

describe('status precedence', () => {
  it('a pin wins over what an admin set', () => {
    const c = card('mistral-large-2512', { groupName: 'mistral-large-2512' });
    const p = plan(
      [c, card('mistral-large-latest', { groupName: 'mistral-large-2512' })],
      [row(c, { status: 'inactive', statusSource: 'admin', statusSetBy: 'admin:a' })],
      {
        ...noPins,
        alwaysActive: ['mistral-large'],
      },
    );
    const update = p.updates.find((u) => u.modelId === 'mistral-large-2512');
    expect(update?.status).toMatchObject({
      before: { status: 'inactive', source: 'admin' },
      after: { status: 'active', source: 'config' },
    });
    expect(p.adds).toMatchObject([
      { modelId: 'mistral-large-latest', status: { status: 'active', source: 'config' } },
    ]);
    expect(p.counts).toMatchObject({ added: 1, statusChanged: 1, updated: 0 });
  });

  it('an existing unpinned model keeps its status, whoever set it; new ones get the default', () => {
    const a = card('a');
    const b = card('b');
    const p = plan(
      [a, b, card('c')],
      [
        row(a, { status: 'active', statusSource: 'admin' }),
        row(b, { status: 'inactive', statusSource: 'config' }),
      ],
      {
        ...noPins,
        defaultNewModelStatus: 'active',
      },
    );
    expect(p.updates).toEqual([]);
    expect(p.unchanged.sort()).toEqual(['a', 'b']);
    expect(p.adds).toMatchObject([{ modelId: 'c', status: { status: 'active', source: 'default' } }]);
  });

  it('property: a seed never changes the status of an existing, unpinned model', () => {
    const statusArb = fc.constantFrom<ModelStatus>('active', 'inactive');
    const sourceArb = fc.constantFrom<StatusSource>('admin', 'default', 'config');
    const idArb = fc.stringMatching(/^[a-z]{1,6}(-[0-9]{4})?$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(idArb, { minLength: 1, maxLength: 25 }),
        fc.array(fc.tuple(statusArb, sourceArb, fc.boolean(), fc.boolean()), {
          minLength: 25,
          maxLength: 25,
        }),
        fc.array(idArb, { maxLength: 3 }),
        fc.array(idArb, { maxLength: 3 }),
        statusArb,
        (ids, traits, active, inactive, defaultNewModelStatus) => {
          const config: ModelDefaults = {
            alwaysActive: active.filter((e) => !inactive.includes(e)),
            alwaysInactive: inactive,
            defaultNewModelStatus,
          };
          // Some ids exist (with any status and source, some retired), some are listed, some both.
          const existing: ExistingModel[] = [];
          const cards: ProviderCard[] = [];
          ids.forEach((id, i) => {
            const [status, statusSource, exists, listed] = traits[i]!;
            const c = card(id, { description: listed ? 'fresh' : 'stale' });
            if (exists)
              existing.push(row(c, { status, statusSource, retiredAt: i % 3 === 0 ? new Date(0) : null }));
            if (listed || !exists) cards.push(c);
          });
          if (cards.length === 0) {
            expect(() => plan(cards, existing, config, true)).toThrow(/catalog is empty/);
            return;
          }
          let result: ReturnType<typeof plan>;
          try {
            result = plan(cards, existing, config, true);
          } catch (error) {
            if (isRegistryError(error, 'config')) return; // a group pinned both ways is refused whole
            throw error;
          }
          const pinned = new Set(
            [...config.alwaysActive, ...config.alwaysInactive].flatMap((entry) =>
              cards
                .filter(
                  (c) => c.modelId === entry || c.groupName === entry || c.modelId === `${entry}-latest`,
                )
                .map((c) => c.modelId),
            ),
          );
          for (const update of result.updates) {
            if (!pinned.has(update.modelId)) expect(update.status).toBeNull();
          }
          expect(result.retirements.every((r) => existing.some((e) => e.id === r.pk))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('metadata', () => {
  it('refreshes provider fields but keeps the ones an admin overrode, noting the provider value', () => {
    const old = card('codestral-2508', { description: 'old', contextLength: 1000 });
    const existing = row(old, {
      displayName: 'Our Codestral',
      overriddenFields: ['displayName', 'contextLength'],
      contextLength: 5,
    });
    const fresh = card('codestral-2508', { description: 'new', contextLength: 2000 });
    const p = plan([fresh], [existing]);
    const u = p.updates[0]!;
    expect(u.values).toMatchObject({ displayName: 'Our Codestral', description: 'new', contextLength: 5 });
    expect(u.providerValues).toMatchObject({ displayName: 'Codestral', contextLength: 2000 });
    expect(u.fieldChanges).toEqual([
      { field: 'description', before: 'old', after: 'new', scope: 'value' },
      { field: 'contextLength', before: 1000, after: 2000, scope: 'provider' },
    ]);
    expect(p.counts).toMatchObject({ updated: 1, statusChanged: 0, unchanged: 0 });
  });

  it('an unchanged catalog plans nothing', () => {
    const cards = [card('a'), card('b', { deprecation: '2026-01-31T12:00:00Z', aliases: ['b-latest'] })];
    const p = plan(
      cards,
      cards.map((c) => row(c)),
    );
    expect(p.updates).toEqual([]);
    expect(p.adds).toEqual([]);
    expect(p.unchanged).toEqual(['a', 'b']);
  });

  it('adopts a manual model the provider starts listing, keeping what the admin typed', () => {
    const c = card('x-1');
    const manual = row(c, {
      source: 'manual',
      providerValues: null,
      displayName: 'Typed by hand',
      status: 'active',
      statusSource: 'admin',
    });
    const p = plan([c], [manual]);
    expect(p.updates[0]).toMatchObject({
      adopt: true,
      overriddenFields: ['displayName'],
      values: { displayName: 'Typed by hand' },
      status: null,
    });
    expect(p.warnings[0]).toContain('x-1 was a manual model');
  });
});

describe('retirement', () => {
  it('retires what the provider stopped listing and restores what comes back', () => {
    const [a, b, c] = [card('a'), card('b'), card('c')];
    const p = plan([a, b], [row(a), row(b, { retiredAt: new Date(0) }), row(c)]);
    expect(p.retirements.map((r) => r.modelId)).toEqual(['c']);
    expect(p.updates).toMatchObject([{ modelId: 'b', restore: true, status: null }]);
    expect(p.counts).toMatchObject({ retired: 1, restored: 1, unchanged: 1 });
  });

  it('never retires manual models', () => {
    const a = card('a');
    const p = plan([a], [row(a), row(card('mine'), { source: 'manual' })]);
    expect(p.retirements).toEqual([]);
  });

  it('refuses an empty list, and a list that would retire more than half, unless allowed', () => {
    const cards = ['a', 'b', 'c', 'd'].map((id) => card(id));
    const rows = cards.map((c) => row(c));
    expect(() => plan([], rows, noPins, true)).toThrow(/catalog is empty/);
    expect(() => plan(cards.slice(0, 1), rows)).toThrow(/would retire 3 of the 4/);
    expect(plan(cards.slice(0, 2), rows).counts.retired).toBe(2); // exactly half is allowed
    expect(plan(cards.slice(0, 1), rows, noPins, true).counts.retired).toBe(3);
  });
});

describe('several providers', () => {
  it("a provider's own defaultNewModelStatus decides its new models, and the reason names the setting", () => {
    const config: ModelDefaults = { ...noPins, providers: { openai: { defaultNewModelStatus: 'active' } } };
    const openai = computeSeedPlan({
      provider: 'openai',
      cards: [card('gpt-4o')],
      existing: [],
      config,
      now: NOW,
    });
    expect(openai.adds[0]?.status).toMatchObject({
      status: 'active',
      source: 'default',
      reason: 'new model: providers.openai.defaultNewModelStatus is active',
    });
    const mistral = computeSeedPlan({
      provider: 'mistral',
      cards: [card('m-1')],
      existing: [],
      config,
      now: NOW,
    });
    expect(mistral.adds[0]?.status).toMatchObject({
      status: 'inactive',
      reason: 'new model: defaultNewModelStatus is inactive',
    });
  });

  it("pins the seeded provider's cards by qualified entries; other providers' rows only tell what matches", () => {
    const config: ModelDefaults = {
      ...noPins,
      alwaysActive: ['openai/gpt-4o', 'mistral-large'],
      alwaysInactive: ['groq/gpt-4o-mini'],
    };
    const others = [
      {
        provider: 'mistral',
        modelId: 'mistral-large',
        groupName: 'mistral-large',
        aliases: [],
        deprecation: null,
      },
    ];
    const p = computeSeedPlan({
      provider: 'openai',
      cards: [card('gpt-4o'), card('gpt-4o-mini')],
      existing: [],
      config,
      now: NOW,
      others,
    });
    expect(p.adds.map((a) => [a.modelId, a.status.status, a.status.source])).toEqual([
      ['gpt-4o', 'active', 'config'],
      ['gpt-4o-mini', 'inactive', 'default'],
    ]);
    // Only the Groq entry matches nothing anywhere.
    expect(p.warnings).toEqual([
      "config alwaysInactive entry 'groq/gpt-4o-mini' matches no model; it pins nothing (fix or remove it)",
    ]);
  });
});

describe('alias drift', () => {
  const dated = (id: string) => card(id, { groupName: id });
  const latest = (target: string) => card('mistral-large-latest', { groupName: target });

  it('plans a move when an alias now serves another dated model, and counts nothing else for it', () => {
    const old = dated('mistral-large-2407');
    const oldAlias = row(latest('mistral-large-2407'));
    const existing = [row(old), oldAlias];
    const p = plan([old, dated('mistral-large-2411'), latest('mistral-large-2411')], existing);
    expect(p.aliasMoves).toEqual([
      {
        pk: oldAlias.id,
        alias: 'mistral-large-latest',
        from: 'mistral-large-2407',
        to: 'mistral-large-2411',
      },
    ]);
    // The alias card's own change (its group name) is an update as before; so is the old dated model's name, which
    // now says its version since the new one would share it (distinctDisplayNames).
    expect(p.counts).toMatchObject({ added: 1, updated: 2 });
    expect(p.updates.find((u) => u.modelId === 'mistral-large-2407')?.fieldChanges).toEqual([
      { field: 'displayName', before: 'Mistral Large', after: 'Mistral Large 24.07', scope: 'value' },
    ]);
    expect(p.adds[0]?.values.displayName).toBe('Mistral Large 24.11');
  });

  it('an unchanged catalog, a new alias, or a retired row before: no move', () => {
    const old = dated('mistral-large-2407');
    const alias = latest('mistral-large-2407');
    expect(plan([old, alias], [row(old), row(alias)]).aliasMoves).toEqual([]);
    expect(plan([old, alias], [row(old)]).aliasMoves).toEqual([]);
    const retired = row(latest('mistral-large-2407'), { retiredAt: NOW });
    expect(
      plan([old, dated('mistral-large-2411'), latest('mistral-large-2411')], [row(old), retired]).aliasMoves,
    ).toEqual([]);
  });

  it("compares the provider's aliases, not an admin's override of them", () => {
    const a = card('codestral-2508', { groupName: 'a', aliases: ['codestral-latest'] });
    const b = card('codestral-2509', { groupName: 'b' });
    const alias = card('codestral-latest', { groupName: 'c' });
    // An admin put codestral-latest on codestral-2509's aliases; the provider still groups it with codestral-2508.
    const overridden = row(b, { aliases: ['codestral-latest'], overriddenFields: ['aliases'] });
    const p = plan([a, b, alias], [row(a), overridden, row(alias)]);
    expect(p.aliasMoves).toEqual([]);
  });

  it('property: the plan against its own result moves no alias', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('2407', '2411', '2512'), { minLength: 1, maxLength: 3 }),
        (releases) => {
          const cards = [
            ...[...new Set(releases)].map((r) => dated(`mistral-large-${r}`)),
            latest(`mistral-large-${releases[0]}`),
          ];
          expect(
            plan(
              cards,
              cards.map((c) => row(c)),
            ).aliasMoves,
          ).toEqual([]);
        },
      ),
    );
  });
});

describe('catalog prices', () => {
  it('prices an alias as the dated model it serves, not by its own (older) catalog entry', () => {
    const catalog: Record<string, string> = { 'mistral-large-2512': '0.5', 'mistral-large-latest': '2' };
    const asked: string[] = [];
    const p = computeSeedPlan({
      provider: 'mistral',
      cards: [
        card('mistral-large-2512', { groupName: 'mistral-large-2512' }),
        card('mistral-large-latest', { groupName: 'mistral-large-2512' }),
      ],
      existing: [],
      config: noPins,
      now: NOW,
      priceCatalog: (_provider, c) => {
        asked.push(c.modelId);
        const price = catalog[c.modelId];
        return price ? { input: price, output: price, source: 'catalog:test@1' } : null;
      },
    });
    expect(p.adds.map((a) => [a.modelId, a.price.input])).toEqual([
      ['mistral-large-2512', '0.5'],
      ['mistral-large-latest', '0.5'],
    ]);
    expect(asked).toEqual(['mistral-large-2512', 'mistral-large-2512']);
  });
});
