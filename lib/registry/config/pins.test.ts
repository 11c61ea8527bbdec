import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import catalog from '../providers/mistral-catalog.json';
import type { ModelDefaults } from '../types';
import { groupModels, type PinCandidate, pinKey, resolvePins } from './pins';

const NOW = new Date('2026-11-25T00:00:00Z');
const candidates: PinCandidate[] = catalog.data.map((card) => ({
  provider: 'mistral',
  modelId: card.id,
  groupName: card.name,
  aliases: card.aliases,
  deprecation: card.deprecation,
  deprecationReplacement: card.deprecation_replacement_model,
}));
const issueConfig: ModelDefaults = {
  alwaysActive: [
    'mistral-large',
    'mistral-medium',
    'mistral-tiny',
    'open-mistral-nemo-2407',
    'pixtral-large-2411',
  ],
  alwaysInactive: [],
  defaultNewModelStatus: 'inactive',
};

const pinnedBy = (config: ModelDefaults, models = candidates) => {
  const { pins } = resolvePins(models, config, NOW);
  const byEntry: Record<string, string[]> = {};
  for (const [key, pin] of pins) {
    const id = key.replace(/^mistral\//, '');
    byEntry[pin.entry] = [...(byEntry[pin.entry] ?? []), id];
  }
  for (const ids of Object.values(byEntry)) ids.sort();
  return byEntry;
};

describe('groups', () => {
  it('groups ids that share a name even when aliases are empty, and ids that alias each other', () => {
    const groups = groupModels(candidates);
    expect(groups.get('mistral-large-latest')).toBe(groups.get('mistral-large-2512'));
    expect(groups.get('mistral-large-2411')).not.toBe(groups.get('mistral-large-2512'));
    expect(groups.get('mistral-tiny')).toBe(groups.get('open-mistral-7b'));
    expect(groups.get('mistral-tiny-latest')).toBe(groups.get('open-mistral-nemo'));
    expect(new Set(groups.values()).size).toBe(22); // one per distinct `name` in the recorded catalog
  });
});

describe('resolvePins on the real catalog with the issue’s config', () => {
  it('pins exactly the current groups the entries name', () => {
    expect(pinnedBy(issueConfig)).toEqual({
      'mistral-large': ['mistral-large-2512', 'mistral-large-latest'],
      'mistral-medium': ['mistral-medium', 'mistral-medium-2508', 'mistral-medium-latest'],
      'mistral-tiny': ['mistral-tiny', 'mistral-tiny-2312', 'open-mistral-7b'],
      'open-mistral-nemo-2407': [
        'mistral-tiny-2407',
        'mistral-tiny-latest',
        'open-mistral-nemo',
        'open-mistral-nemo-2407',
      ],
      'pixtral-large-2411': ['mistral-large-pixtral-2411', 'pixtral-large-2411', 'pixtral-large-latest'],
    });
  });

  it('says how each entry matched', () => {
    const { pins } = resolvePins(candidates, issueConfig, NOW);
    expect(pins.get(pinKey('mistral', 'mistral-large-latest'))).toEqual({
      status: 'active',
      list: 'alwaysActive',
      entry: 'mistral-large',
      via: 'latest-fallback',
    });
    expect(pins.get(pinKey('mistral', 'mistral-medium-2508'))?.via).toBe('id');
  });

  it('warns about a pinned-active model past its deprecation date, naming the replacement', () => {
    const { warnings } = resolvePins(candidates, issueConfig, NOW);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^mistral-tiny is pinned active by alwaysActive entry 'mistral-tiny' but deprecated since 2026-01-31; its replacement is ministral-8b-latest/,
      ),
      expect.stringContaining('mistral-tiny-2312'),
      expect.stringContaining('open-mistral-7b'),
    ]);
    expect(resolvePins(candidates, issueConfig, new Date('2025-12-30T00:00:00Z')).warnings).toEqual([]);
  });

  it('reports an entry that matches nothing, and does not fall back for a versioned entry', () => {
    const result = resolvePins(
      candidates,
      { ...issueConfig, alwaysActive: ['mistral-large-2399', 'nope'] },
      NOW,
    );
    expect(result.pins.size).toBe(0);
    expect(result.unmatched).toEqual([
      { list: 'alwaysActive', entry: 'mistral-large-2399' },
      { list: 'alwaysActive', entry: 'nope' },
    ]);
    expect(result.warnings[0]).toMatch(/'mistral-large-2399' matches no model/);
  });

  it('pins inactive, by a group name only, and a manual model by its id', () => {
    const manual: PinCandidate = {
      provider: 'mistral',
      modelId: 'our-proxy-model',
      groupName: null,
      aliases: [],
      deprecation: null,
    };
    expect(
      pinnedBy(
        {
          alwaysActive: ['our-proxy-model'],
          alwaysInactive: ['codestral-2508'],
          defaultNewModelStatus: 'inactive',
        },
        [...candidates, manual],
      ),
    ).toEqual({
      'our-proxy-model': ['our-proxy-model'],
      'codestral-2508': ['codestral-2508', 'codestral-latest'],
    });
    const { pins } = resolvePins(
      candidates,
      { alwaysActive: [], alwaysInactive: ['mistral-medium-2508'], defaultNewModelStatus: 'active' },
      NOW,
    );
    expect(pins.get(pinKey('mistral', 'mistral-medium'))).toMatchObject({ status: 'inactive', via: 'id' });
  });

  it('reports a group pinned both ways and pins none of it', () => {
    const result = resolvePins(candidates, { ...issueConfig, alwaysInactive: ['open-mistral-7b'] }, NOW);
    expect(result.conflicts).toEqual([
      {
        groupKey: 'mistral-tiny',
        modelIds: ['mistral-tiny', 'mistral-tiny-2312', 'open-mistral-7b'],
        active: 'mistral-tiny',
        inactive: 'open-mistral-7b',
      },
    ]);
    expect(result.pins.has(pinKey('mistral', 'mistral-tiny'))).toBe(false);
    expect(result.pins.has(pinKey('mistral', 'mistral-large-latest'))).toBe(true);
  });
});

describe('resolvePins properties', () => {
  const id = fc.stringMatching(/^[a-c]{1,2}(-(latest|[0-9]{4}))?$/);
  const model = fc.record({
    provider: fc.constant('mistral'),
    modelId: id,
    groupName: fc.option(id, { nil: null }),
    aliases: fc.array(id, { maxLength: 2 }),
    deprecation: fc.constant(null),
  });
  const models = fc.uniqueArray(model, { selector: (m) => m.modelId, maxLength: 12 });
  const config = fc.record({
    alwaysActive: fc.array(fc.stringMatching(/^[a-c]{1,2}$/), { maxLength: 3 }),
    alwaysInactive: fc.array(fc.stringMatching(/^[a-c]{1,2}(-latest)?$/), { maxLength: 3 }),
    defaultNewModelStatus: fc.constant('inactive' as const),
  });

  it('pins whole groups with one status, never both, independent of input order', () => {
    fc.assert(
      fc.property(models, config, fc.integer(), (ms, cfg, seed) => {
        const result = resolvePins(ms, cfg, NOW);
        const groups = groupModels(ms);
        for (const [pinnedId, pin] of result.pins) {
          for (const other of ms) {
            if (groups.get(other.modelId) === groups.get(pinnedId.replace(/^mistral\//, '')))
              expect(result.pins.get(pinKey('mistral', other.modelId))).toEqual(pin);
          }
        }
        const conflicted = new Set(result.conflicts.flatMap((c) => c.modelIds));
        for (const pinnedId of result.pins.keys()) {
          expect(conflicted.has(pinnedId.replace(/^mistral\//, ''))).toBe(false);
        }
        const shuffled = [...ms].sort(
          (a, b) => ((a.modelId.length * 31 + seed) % 7) - ((b.modelId.length * 31 + seed) % 7),
        );
        const again = resolvePins(shuffled, cfg, NOW);
        expect(new Map([...again.pins].sort())).toEqual(new Map([...result.pins].sort()));
        expect(again.conflicts).toEqual(result.conflicts);
      }),
      { numRuns: 500 },
    );
  });
});

describe('pins across providers', () => {
  const at = (provider: string, modelId: string, extra: Partial<PinCandidate> = {}): PinCandidate => ({
    provider,
    modelId,
    groupName: modelId,
    aliases: [],
    deprecation: null,
    ...extra,
  });
  const registry: PinCandidate[] = [
    at('mistral', 'mistral-large-2411', { groupName: 'mistral-large', aliases: ['mistral-large-latest'] }),
    at('mistral', 'mistral-large-latest', { groupName: 'mistral-large', aliases: ['mistral-large-2411'] }),
    at('openai', 'gpt-4o'),
    at('openai', 'gpt-4o-mini'),
    at('openrouter', 'openai/gpt-4o'),
    at('openrouter', 'mistralai/mistral-large'),
    at('groq', 'gpt-4o'),
    at('ollama', 'llama3.2:latest'),
  ];
  const config = (entries: Partial<ModelDefaults>): ModelDefaults => ({
    alwaysActive: [],
    alwaysInactive: [],
    defaultNewModelStatus: 'inactive',
    knownProviders: ['mistral', 'openai', 'anthropic', 'gemini', 'openrouter', 'groq', 'together', 'ollama'],
    ...entries,
  });
  const pinned = (resolution: ReturnType<typeof resolvePins>) =>
    [...resolution.pins].map(([key, pin]) => `${key}:${pin.status}`).sort();

  it("an entry qualified by a provider id pins that provider's model only", () => {
    const result = resolvePins(
      registry,
      config({ alwaysActive: ['openai/gpt-4o', 'openrouter/openai/gpt-4o', 'ollama/llama3.2:latest'] }),
      NOW,
    );
    expect(pinned(result)).toEqual([
      'ollama/llama3.2:latest:active',
      'openai/gpt-4o:active',
      'openrouter/openai/gpt-4o:active',
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('any other entry matches in every provider, as before; an unknown first segment is part of the id', () => {
    const result = resolvePins(
      registry,
      config({ alwaysActive: ['gpt-4o', 'mistralai/mistral-large'], alwaysInactive: ['mistral-large'] }),
      NOW,
    );
    expect(pinned(result)).toEqual([
      'groq/gpt-4o:active',
      'mistral/mistral-large-2411:inactive',
      'mistral/mistral-large-latest:inactive',
      'openai/gpt-4o:active',
      'openrouter/mistralai/mistral-large:active',
    ]);
  });

  it('groups never span providers: one provider pinned each way is no conflict', () => {
    const result = resolvePins(
      registry,
      config({ alwaysActive: ['openai/gpt-4o'], alwaysInactive: ['groq/gpt-4o'] }),
      NOW,
    );
    expect(result.conflicts).toEqual([]);
    expect(pinned(result)).toEqual(['groq/gpt-4o:inactive', 'openai/gpt-4o:active']);
    const both = resolvePins(
      registry,
      config({ alwaysActive: ['gpt-4o'], alwaysInactive: ['openai/gpt-4o'] }),
      NOW,
    );
    expect(both.conflicts).toEqual([
      { groupKey: 'openai/gpt-4o', modelIds: ['openai/gpt-4o'], active: 'gpt-4o', inactive: 'openai/gpt-4o' },
    ]);
    expect(pinned(both)).toEqual(['groq/gpt-4o:active']);
  });

  it('an entry that matches nothing is reported once; a qualified one must match in its own provider', () => {
    const result = resolvePins(
      registry,
      config({ alwaysActive: ['openai/mistral-large-2411', 'gpt-5'], alwaysInactive: ['anthropic/claude'] }),
      NOW,
    );
    expect(result.unmatched).toEqual([
      { list: 'alwaysActive', entry: 'openai/mistral-large-2411' },
      { list: 'alwaysActive', entry: 'gpt-5' },
      { list: 'alwaysInactive', entry: 'anthropic/claude' },
    ]);
    expect(result.pins.size).toBe(0);
  });

  it("a seed's focus: other providers decide what matches, but their conflicts and deprecations are not its own", () => {
    const deprecated = at('openai', 'gpt-4o-mini', { deprecation: '2026-01-01T00:00:00.000Z' });
    const others = registry.filter((m) => m.provider !== 'openai');
    const cards = [at('openai', 'gpt-4o'), deprecated];
    const entries = config({
      alwaysActive: ['mistral-large', 'gpt-4o-mini', 'groq/gpt-4o'],
      alwaysInactive: ['gpt-4o'],
    });
    const focused = resolvePins([...cards, ...others], entries, NOW, { focus: 'openai' });
    expect(focused.unmatched).toEqual([]);
    // groq/gpt-4o is pinned both ways (active by its own entry, inactive by 'gpt-4o'): Groq's seed reports it.
    expect(focused.conflicts).toEqual([]);
    expect(focused.warnings).toEqual([
      "openai/gpt-4o-mini is pinned active by alwaysActive entry 'gpt-4o-mini' but deprecated since 2026-01-01",
    ]);
    const whole = resolvePins([...cards, ...others], entries, NOW);
    expect(whole.conflicts.map((c) => c.groupKey)).toEqual(['groq/gpt-4o']);
  });
});
