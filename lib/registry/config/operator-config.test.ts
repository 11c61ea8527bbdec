import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRegistryError } from '../errors';
import { BUILT_IN_PROVIDER_IDS } from '../providers/ids';
import { loadModelDefaults, parseModelDefaults } from './operator-config';
import { newModelStatus } from './status';

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
      knownProviders: [...BUILT_IN_PROVIDER_IDS],
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
      knownProviders: [...BUILT_IN_PROVIDER_IDS],
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
      'settings for a provider that does not exist',
      {
        alwaysActive: [],
        alwaysInactive: [],
        defaultNewModelStatus: 'active',
        providers: { openia: { defaultNewModelStatus: 'active' } },
      },
      /providers\.openia: "openia" is not a provider; known providers: mistral, openai, anthropic/,
    ],
    [
      'an unknown per-provider setting or status',
      {
        alwaysActive: [],
        alwaysInactive: [],
        defaultNewModelStatus: 'active',
        providers: { openai: { defaultNewModelStatus: 'on', pinned: true } },
      },
      /providers\.openai\.defaultNewModelStatus[\s\S]*pinned/,
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

  it('takes provider-qualified entries and per-provider new-model statuses, declared providers included', () => {
    const declared = fileWith(
      'providers.json',
      JSON.stringify({
        providers: [
          { id: 'ollama', kind: 'openai-compatible', name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
        ],
      }),
    );
    const path = fileWith(
      'qualified.json',
      JSON.stringify({
        alwaysActive: ['openai/gpt-4o', 'openrouter/openai/gpt-4o', 'mistral-large'],
        alwaysInactive: ['ollama/llama3.2:latest'],
        defaultNewModelStatus: 'inactive',
        providers: {
          openai: { defaultNewModelStatus: 'active' },
          ollama: { defaultNewModelStatus: 'active' },
        },
      }),
    );
    const { config } = loadModelDefaults({ MODEL_DEFAULTS_PATH: path, PROVIDERS_PATH: declared });
    expect(config).toEqual({
      alwaysActive: ['openai/gpt-4o', 'openrouter/openai/gpt-4o', 'mistral-large'],
      alwaysInactive: ['ollama/llama3.2:latest'],
      defaultNewModelStatus: 'inactive',
      providers: { openai: { defaultNewModelStatus: 'active' }, ollama: { defaultNewModelStatus: 'active' } },
      knownProviders: [...BUILT_IN_PROVIDER_IDS, 'ollama'],
    });
    expect(newModelStatus(config, 'openai')).toEqual({
      status: 'active',
      setting: 'providers.openai.defaultNewModelStatus',
    });
    expect(newModelStatus(config, 'mistral')).toEqual({
      status: 'inactive',
      setting: 'defaultNewModelStatus',
    });
    // Without the declaration, "ollama" is no provider: its settings are refused.
    expect(() => loadModelDefaults({ MODEL_DEFAULTS_PATH: path })).toThrow(
      /providers\.ollama: "ollama" is not a provider/,
    );
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
