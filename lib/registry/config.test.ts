import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelDefaults, parseModelDefaults } from './config';
import { isRegistryError } from './errors';

const dir = mkdtempSync(join(tmpdir(), 'mr-config-'));
function fileWith(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('model status configuration', () => {
  it('loads the bundled defaults the issue specifies', () => {
    const { config, origin } = loadModelDefaults({});
    expect(origin).toBe('config/model-defaults.ts');
    expect(config).toEqual({
      alwaysActive: [
        'mistral-large',
        'mistral-medium',
        'mistral-tiny',
        'open-mistral-nemo-2407',
        'pixtral-large-2411',
      ],
      alwaysInactive: [],
      defaultNewModelStatus: 'inactive',
    });
  });

  it('MODEL_DEFAULTS_PATH replaces it', () => {
    const path = fileWith(
      'ok.json',
      JSON.stringify({
        alwaysActive: [],
        alwaysInactive: ['codestral-latest'],
        defaultNewModelStatus: 'active',
      }),
    );
    expect(loadModelDefaults({ MODEL_DEFAULTS_PATH: path }).config).toEqual({
      alwaysActive: [],
      alwaysInactive: ['codestral-latest'],
      defaultNewModelStatus: 'active',
    });
  });

  it.each([
    [
      'a model in both lists',
      { alwaysActive: ['a', 'b'], alwaysInactive: ['b'], defaultNewModelStatus: 'inactive' },
      /"b" is in both/,
    ],
    [
      'an unknown status',
      { alwaysActive: [], alwaysInactive: [], defaultNewModelStatus: 'on' },
      /defaultNewModelStatus/,
    ],
    ['a missing list', { alwaysActive: [], defaultNewModelStatus: 'active' }, /alwaysInactive/],
    [
      'an unknown key',
      { alwaysActive: [], alwaysInactive: [], defaultNewModelStatus: 'active', extra: 1 },
      /extra/,
    ],
    [
      'an empty entry',
      { alwaysActive: [' '], alwaysInactive: [], defaultNewModelStatus: 'active' },
      /alwaysActive\.0/,
    ],
    [
      'an entry that is no model id (a space in it)',
      { alwaysActive: ['mistral large'], alwaysInactive: [], defaultNewModelStatus: 'active' },
      /alwaysActive\.0.*A model id is 1 to 256 printable characters/,
    ],
    [
      'a bidi override in an entry',
      { alwaysActive: ['mistral\u202elarge'], alwaysInactive: [], defaultNewModelStatus: 'active' },
      /A model id is/,
    ],
  ])('refuses %s, naming the file and the problem', (_name, value, problem) => {
    const path = fileWith('bad.json', JSON.stringify(value));
    const error = (() => {
      try {
        loadModelDefaults({ MODEL_DEFAULTS_PATH: path });
      } catch (e) {
        return e;
      }
    })();
    expect(isRegistryError(error, 'config')).toBe(true);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(problem);
  });

  it('refuses malformed JSON and an unreadable path', () => {
    expect(() =>
      loadModelDefaults({ MODEL_DEFAULTS_PATH: fileWith('broken.json', '{"alwaysActive": [') }),
    ).toThrow(/not valid JSON/);
    expect(() => loadModelDefaults({ MODEL_DEFAULTS_PATH: join(dir, 'missing.json') })).toThrow(
      /cannot be read \(ENOENT\)/,
    );
  });

  it('removes duplicate entries', () => {
    expect(
      parseModelDefaults(
        { alwaysActive: ['a', 'a'], alwaysInactive: [], defaultNewModelStatus: 'active' },
        'x',
      ).alwaysActive,
    ).toEqual(['a']);
  });
});
