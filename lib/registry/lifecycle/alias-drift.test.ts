import { describe, expect, it } from 'vitest';
import catalog from '../providers/mistral-catalog.json';
import { normalizeMistralModelList } from '../providers/mistral-normalize';
import { type AliasMember, aliasMoves, aliasTargets, isSnapshotId } from './alias-drift';

const member = (modelId: string, groupName: string | null, aliases: string[] = []): AliasMember => ({
  modelId,
  groupName,
  aliases,
});

describe('isSnapshotId: an id naming one fixed release', () => {
  it.each([
    'mistral-large-2411',
    'mistral-large-pixtral-2411',
    'claude-3-5-sonnet-20241022',
    'gpt-4o-2024-08-06',
    'gpt-4-0613',
    'gemini-1.5-pro-002',
  ])('%s is a snapshot', (id) => expect(isSnapshotId(id)).toBe(true));

  it.each([
    'mistral-large-latest',
    'mistral-medium',
    'open-mistral-7b',
    'gpt-4',
    'gpt-4o',
    'ministral-8b',
    'llama-3.1-405b',
    '2411',
  ])('%s is not', (id) => expect(isSnapshotId(id)).toBe(false));
});

describe('aliasTargets: the dated model each alias serves', () => {
  it('an alias points at the dated model of its group (shared group name)', () => {
    const targets = aliasTargets([
      member('mistral-large-2512', 'mistral-large-2512'),
      member('mistral-large-latest', 'mistral-large-2512'),
      member('mistral-large-2411', 'mistral-large-2411'),
    ]);
    expect([...targets]).toEqual([['mistral-large-latest', 'mistral-large-2512']]);
  });

  it('aliases listing each other group too, and a bare family name is an alias', () => {
    const targets = aliasTargets([
      member('codestral-embed', 'codestral-embed', ['codestral-embed-2505']),
      member('codestral-embed-2505', 'codestral-embed', ['codestral-embed']),
      member('codestral-2508', 'x', ['codestral-latest']),
      member('codestral-latest', 'y', []),
    ]);
    expect(Object.fromEntries(targets)).toEqual({
      'codestral-embed': 'codestral-embed-2505',
      'codestral-latest': 'codestral-2508',
    });
  });

  it("the group's name wins when it names one of its dated models (Mistral's `name`)", () => {
    const targets = aliasTargets([
      member('mistral-large-2407', 'mistral-large-2411'),
      member('mistral-large-2411', 'mistral-large-2411'),
      member('mistral-large-latest', 'mistral-large-2411'),
    ]);
    expect(targets.get('mistral-large-latest')).toBe('mistral-large-2411');
  });

  it("otherwise the alias's own family, then the newest release", () => {
    const targets = aliasTargets([
      member('open-mistral-nemo', 'open-mistral-nemo'),
      member('open-mistral-nemo-2407', 'open-mistral-nemo'),
      member('mistral-tiny-2407', 'open-mistral-nemo'),
      member('mistral-tiny-latest', 'open-mistral-nemo'),
      member('gpt-x', 'gpt-x'),
      member('gpt-x-2024-05-13', 'gpt-x'),
      member('gpt-x-2024-11-20', 'gpt-x'),
    ]);
    expect(Object.fromEntries(targets)).toEqual({
      'open-mistral-nemo': 'open-mistral-nemo-2407',
      'mistral-tiny-latest': 'mistral-tiny-2407',
      'gpt-x': 'gpt-x-2024-11-20',
    });
  });

  it('no dated model in the group, or no group at all: no target', () => {
    const targets = aliasTargets([
      member('gpt-4o', 'gpt-4o'),
      member('gpt-4o-2024-08-06', 'gpt-4o-2024-08-06'),
      member('mistral-medium', 'mistral-medium', ['mistral-medium-latest']),
      member('mistral-medium-latest', 'mistral-medium'),
    ]);
    expect(targets.size).toBe(0);
  });

  it('the recorded Mistral catalog: every alias names a dated model of its group', () => {
    const { cards } = normalizeMistralModelList(
      catalog,
      { kind: 'catalog' },
      { kind: 'input', origin: 'catalog' },
    );
    const targets = Object.fromEntries(aliasTargets(cards));
    expect(targets).toMatchObject({
      'mistral-large-latest': 'mistral-large-2512',
      'mistral-medium': 'mistral-medium-2508',
      'mistral-medium-latest': 'mistral-medium-2508',
      'mistral-tiny': 'mistral-tiny-2312',
      'open-mistral-7b': 'mistral-tiny-2312',
      'pixtral-large-latest': 'pixtral-large-2411',
    });
    const ids = new Set(cards.map((c) => c.modelId));
    for (const [alias, target] of Object.entries(targets)) {
      expect(isSnapshotId(alias), alias).toBe(false);
      expect(ids.has(target), target).toBe(true);
    }
  });
});

describe('aliasMoves: before and after a seed', () => {
  const before = [
    member('mistral-large-2407', 'mistral-large-2407'),
    member('mistral-large-latest', 'mistral-large-2407'),
    member('codestral-2508', 'codestral-2508', ['codestral-latest']),
    member('codestral-latest', 'codestral-2508', ['codestral-2508']),
  ];

  it('an alias whose dated model changed moves, from → to', () => {
    const after = [
      member('mistral-large-2407', 'mistral-large-2407'),
      member('mistral-large-2411', 'mistral-large-2411'),
      member('mistral-large-latest', 'mistral-large-2411'),
      ...before.slice(2),
    ];
    expect(aliasMoves(before, after)).toEqual([
      { alias: 'mistral-large-latest', from: 'mistral-large-2407', to: 'mistral-large-2411' },
    ]);
  });

  it('the same targets, a new alias, or an alias that lost its target: no move', () => {
    expect(aliasMoves(before, before)).toEqual([]);
    const after = [
      ...before,
      member('mistral-medium-2508', 'mistral-medium-2508'),
      member('mistral-medium-latest', 'mistral-medium-2508'),
    ];
    expect(aliasMoves(before, after)).toEqual([]);
    expect(aliasMoves(before, [member('mistral-large-latest', 'mistral-large-latest')])).toEqual([]);
  });

  it('sorted by alias, whatever the input order', () => {
    const after = [
      member('codestral-2509', 'codestral-2509', ['codestral-latest']),
      member('codestral-latest', 'codestral-2509', ['codestral-2509']),
      member('mistral-large-2411', 'mistral-large-2411'),
      member('mistral-large-latest', 'mistral-large-2411'),
    ];
    const moves = aliasMoves([...before].reverse(), after.reverse());
    expect(moves.map((m) => m.alias)).toEqual(['codestral-latest', 'mistral-large-latest']);
  });
});
