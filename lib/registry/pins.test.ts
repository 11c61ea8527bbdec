import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupModels, type PinCandidate, resolvePins } from './pins';
import catalog from './providers/mistral-catalog.json';
import type { ModelDefaults } from './types';

const NOW = new Date('2026-11-25T00:00:00Z');
const candidates: PinCandidate[] = catalog.data.map((card) => ({
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
  for (const [id, pin] of pins) byEntry[pin.entry] = [...(byEntry[pin.entry] ?? []), id];
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
    expect(pins.get('mistral-large-latest')).toEqual({
      status: 'active',
      list: 'alwaysActive',
      entry: 'mistral-large',
      via: 'latest-fallback',
    });
    expect(pins.get('mistral-medium-2508')?.via).toBe('id');
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
    expect(pins.get('mistral-medium')).toMatchObject({ status: 'inactive', via: 'id' });
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
    expect(result.pins.has('mistral-tiny')).toBe(false);
    expect(result.pins.has('mistral-large-latest')).toBe(true);
  });
});

describe('resolvePins properties', () => {
  const id = fc.stringMatching(/^[a-c]{1,2}(-(latest|[0-9]{4}))?$/);
  const model = fc.record({
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
            if (groups.get(other.modelId) === groups.get(pinnedId))
              expect(result.pins.get(other.modelId)).toEqual(pin);
          }
        }
        const conflicted = new Set(result.conflicts.flatMap((c) => c.modelIds));
        for (const pinnedId of result.pins.keys()) expect(conflicted.has(pinnedId)).toBe(false);
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
