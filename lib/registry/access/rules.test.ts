import { describe, expect, it } from 'vitest';
import {
  type AccessModel,
  ALL,
  describeGroup,
  type Group,
  groupVerdict,
  idPattern,
  parseAccessDeclarations,
} from './rules';

const model = (over: Partial<AccessModel> = {}): AccessModel => ({
  id: 'openai/gpt-4o',
  provider: 'openai',
  modelId: 'gpt-4o',
  type: 'chat',
  capabilities: ['completion_chat', 'vision'],
  deprecated: false,
  ...over,
});

const group = (over: Partial<Group>): Group => ({
  slug: 'g',
  name: 'G',
  description: null,
  match: null,
  include: [],
  exclude: [],
  source: 'config',
  ...over,
});

const PROVIDERS = new Set(['mistral', 'openai', 'anthropic', 'openrouter']);

describe('id patterns', () => {
  it('match the whole id, `*` standing for any run of characters, slashes included', () => {
    expect(idPattern('openai/gpt-4*').test('openai/gpt-4o')).toBe(true);
    expect(idPattern('openai/gpt-4*').test('openai/gpt-4')).toBe(true);
    expect(idPattern('openai/gpt-4*').test('openrouter/openai/gpt-4o')).toBe(false);
    expect(idPattern('*/embed*').test('openrouter/openai/embed-3')).toBe(true);
    expect(idPattern('*embed*').test('mistral-embed')).toBe(true);
    expect(idPattern('gpt-4o').test('gpt-4o-mini')).toBe(false);
  });

  it('take every other character literally', () => {
    expect(idPattern('a.b+c(d)').test('a.b+c(d)')).toBe(true);
    expect(idPattern('a.b').test('axb')).toBe(false);
  });
});

describe('a group rule', () => {
  it('takes a model every criterion accepts, any value of a criterion being enough', () => {
    const g = group({
      match: { providers: ['openai', 'anthropic'], types: ['chat'], capabilities: ['vision'] },
    });
    expect(groupVerdict(g, model()).member).toBe(true);
    expect(groupVerdict(g, model({ provider: 'mistral', id: 'gpt-4o' })).member).toBe(false);
    expect(groupVerdict(g, model({ type: 'embedding' })).member).toBe(false);
    expect(groupVerdict(g, model({ capabilities: ['completion_chat'] })).member).toBe(false);
  });

  it('matches an id pattern against the API id and against <provider>/<model_id>', () => {
    const g = group({ match: { ids: ['mistral/*embed*'] } });
    expect(
      groupVerdict(g, model({ id: 'mistral-embed', provider: 'mistral', modelId: 'mistral-embed' })).member,
    ).toBe(true);
    expect(groupVerdict(group({ match: { ids: ['*embed*'] } }), model()).member).toBe(false);
  });

  it('reads deprecation as announced or not', () => {
    const current = group({ match: { deprecated: false } });
    expect(groupVerdict(current, model()).member).toBe(true);
    expect(groupVerdict(current, model({ deprecated: true })).member).toBe(false);
  });

  it('adds what it includes and drops what it excludes, an exclude winning', () => {
    const g = group({
      match: { providers: ['openai'] },
      include: ['mistral-large-latest'],
      exclude: ['openai/gpt-4o'],
    });
    expect(groupVerdict(g, model())).toMatchObject({ member: false, reason: 'excluded' });
    expect(groupVerdict(g, model({ id: 'mistral-large-latest', provider: 'mistral' }))).toMatchObject({
      member: true,
      reason: 'included',
    });
    expect(groupVerdict(g, model({ id: 'openai/o3', modelId: 'o3' }))).toMatchObject({
      member: true,
      reason: 'rule',
    });
  });

  it('names a model in its include and exclude lists by its API id or as <provider>/<model_id>', () => {
    const mistral = model({
      id: 'mistral-large-latest',
      provider: 'mistral',
      modelId: 'mistral-large-latest',
    });
    expect(groupVerdict(group({ include: ['mistral/mistral-large-latest'] }), mistral).member).toBe(true);
    expect(
      groupVerdict(
        group({ match: { providers: ['mistral'] }, exclude: ['mistral/mistral-large-latest'] }),
        mistral,
      ),
    ).toMatchObject({ member: false, reason: 'excluded' });
  });

  it('says which criterion refused a model', () => {
    const g = group({ match: { providers: ['openai'], types: ['embedding'] } });
    expect(groupVerdict(g, model())).toMatchObject({ member: false, reason: 'no-match', failed: 'types' });
  });
});

describe('ACCESS_PATH declarations', () => {
  const parse = (json: unknown) => parseAccessDeclarations(json, 'ACCESS_PATH=/etc/access.json', PROVIDERS);

  it('reads groups and teams', () => {
    const declared = parse({
      groups: [
        { slug: 'beta', name: 'Beta', match: { ids: ['openai/gpt-5*'] } },
        {
          slug: 'embeddings',
          name: 'Embeddings',
          match: { types: ['embedding'] },
          exclude: ['mistral-embed'],
        },
      ],
      teams: [{ slug: 'search', name: 'Search', groups: ['embeddings'] }],
    });
    expect(declared.groups.map((g) => g.slug)).toEqual(['beta', 'embeddings']);
    expect(declared.groups[1]).toMatchObject({ exclude: ['mistral-embed'], include: [] });
    expect(declared.teams).toEqual([
      { slug: 'search', name: 'Search', groups: ['embeddings'], source: 'config' },
    ]);
    expect(declared.groups.every((g) => g.source === 'config')).toBe(true);
  });

  it('lets a team be granted the built-in group of every offered model', () => {
    expect(
      parse({ teams: [{ slug: 'platform', name: 'Platform', groups: ['all'] }] }).teams[0]?.groups,
    ).toEqual(['all']);
  });

  it('refuses a bad file naming the file and every bad entry, whatever else is right', () => {
    let message = '';
    try {
      parse({
        groups: [
          { slug: 'ok', name: 'Fine', match: { types: ['chat'] } },
          { slug: 'Bad Slug', name: 'x', match: { types: ['chat'] } },
          { slug: 'typo', name: 'Typo', match: { types: ['chta'] } },
          { slug: 'nowhere', name: 'Nowhere', match: { providers: ['opneai'] } },
          { slug: 'empty', name: 'Empty', match: {} },
          { slug: 'nothing', name: 'Nothing' },
          { slug: 'all', name: 'Mine', match: { types: ['chat'] } },
          { slug: 'ok', name: 'Twice', match: { types: ['chat'] } },
          { slug: 'pat', name: 'Pattern', match: { ids: ['has space*'] } },
        ],
        teams: [
          { slug: 'search', name: 'Search', groups: ['missing'] },
          { slug: 'none', name: 'None', groups: [] },
        ],
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('ACCESS_PATH=/etc/access.json');
    for (const part of [
      'groups[1] (Bad Slug): slug',
      'groups[2] (typo): match.types',
      'groups[3] (nowhere): unknown provider "opneai"',
      'groups[4] (empty): match names no criterion',
      'groups[5] (nothing): neither a match nor an include',
      'groups[6] (all): "all" is the built-in group',
      'groups[7] (ok): the slug "ok" is declared twice',
      'groups[8] (pat): match.ids',
      'teams[0] (search): unknown group "missing"',
      'teams[1] (none): groups',
    ]) {
      expect(message).toContain(part);
    }
    expect(message).not.toContain('groups[0]');
  });

  it('refuses unknown keys, so a misspelt criterion is not silently ignored', () => {
    expect(() => parse({ groups: [{ slug: 'a', name: 'A', match: { type: ['chat'] } }] })).toThrow(
      /groups\[0\] \(a\)/,
    );
    expect(() => parse({ group: [] })).toThrow(/top level/);
  });
});

describe('a group in words', () => {
  it('names each criterion, the includes and the excludes', () => {
    expect(
      describeGroup(
        group({
          match: { providers: ['openai', 'anthropic'], types: ['chat'], deprecated: false },
          include: ['mistral-large-latest'],
          exclude: ['openai/gpt-4o'],
        }),
      ),
    ).toBe(
      'provider openai or anthropic · type chat · no deprecation announced · plus 1 named (mistral-large-latest) · except openai/gpt-4o',
    );
    expect(describeGroup(group({ include: ['a', 'b'] }))).toBe('2 named (a, b)');
    expect(describeGroup(ALL)).toBe('every offered model');
  });
});
