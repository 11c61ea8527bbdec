// The gateways' renderers, pure: LiteLLM's entries field by field as its docs name them
// (docs.litellm.ai/docs/proxy/configs, proxy/model_access_groups), LibreChat's file against its own schema
// (librechat-data-provider's configSchema and endpointSchema, pinned), and prices as exact decimals.
import { Constants, configSchema, endpointSchema } from 'librechat-data-provider';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { providerSetup } from '../providers/registry';
import { checkGatewayConfig, type GatewayConfig } from './export';
import { LIBRECHAT_CONFIG_VERSION, librechatConfig, librechatDocument } from './librechat';
import { litellmConfig, litellmDocument } from './litellm';
import type { GatewayInput, GatewayModel } from './model';
import { gatewayProviders } from './targets';
import { perToken, valueFingerprint, withoutHeader } from './yaml';

const model = (id: string, extra: Partial<GatewayModel> = {}): GatewayModel => ({
  id,
  provider: id.includes('/') ? (id.split('/')[0] as string) : 'mistral',
  modelId: id.includes('/') ? id.slice(id.indexOf('/') + 1) : id,
  displayName: `Name of ${id}`,
  description: null,
  type: 'chat',
  contextLength: null,
  deprecation: null,
  isDefault: false,
  price: { input: null, output: null },
  groups: [],
  ...extra,
});

const ref = (name: string) => `\${${name}}`;

const input = (models: GatewayModel[]): GatewayInput => ({
  format: 'litellm',
  revision: 7,
  team: null,
  models,
  providers: gatewayProviders(providerSetup({}).all),
});

describe('perToken', () => {
  it('shifts a price per million tokens six places exactly, always with a dot (PyYAML reads no dot as text)', () => {
    expect(perToken(0.15).text).toBe('0.00000015');
    expect(perToken(2).text).toBe('0.000002');
    expect(perToken(0).text).toBe('0.0');
    expect(perToken(15000000).text).toBe('15.0');
    expect(perToken(1e-7).text).toBe('0.0000000000001');
    expect(perToken(1234.5678).text).toBe('0.0012345678');
  });
});

describe('the LiteLLM config', () => {
  const models = [
    model('mistral-large-latest', {
      contextLength: 131072,
      price: { input: 2, output: 6 },
      groups: ['coding', 'picked'],
      isDefault: true,
    }),
    model('together/meta-llama/Llama-3-70b', { price: { input: 0.9, output: null } }),
    model('openai/text-embedding-3-small', { type: 'embedding' }),
    model('openai/whisper-1', { type: 'audio' }),
    model('anthropic/claude-3-haiku', {
      deprecation: { date: '2027-01-31T00:00:00.000Z', replacement: 'anthropic/claude-4' },
    }),
    model('acme/thing'),
  ];
  const text = litellmConfig(input(models));
  const { model_list: list } = parse(text) as { model_list: Record<string, unknown>[] };

  it('writes one entry per routable model, each as LiteLLM documents it, unknowns omitted, never 0', () => {
    expect(list).toEqual([
      {
        model_name: 'mistral-large-latest',
        litellm_params: { model: 'mistral/mistral-large-latest', api_key: 'os.environ/MISTRAL_API_KEY' },
        model_info: {
          mode: 'chat',
          max_input_tokens: 131072,
          input_cost_per_token: 0.000002,
          output_cost_per_token: 0.000006,
          access_groups: ['coding', 'picked'],
        },
      },
      {
        model_name: 'together/meta-llama/Llama-3-70b',
        litellm_params: {
          model: 'together_ai/meta-llama/Llama-3-70b',
          api_key: 'os.environ/TOGETHER_API_KEY',
        },
        model_info: { mode: 'chat', input_cost_per_token: 0.0000009 },
      },
      {
        model_name: 'openai/text-embedding-3-small',
        litellm_params: { model: 'openai/text-embedding-3-small', api_key: 'os.environ/OPENAI_API_KEY' },
        model_info: { mode: 'embedding' },
      },
      {
        model_name: 'openai/whisper-1',
        litellm_params: { model: 'openai/whisper-1', api_key: 'os.environ/OPENAI_API_KEY' },
      },
      {
        model_name: 'anthropic/claude-3-haiku',
        litellm_params: { model: 'anthropic/claude-3-haiku', api_key: 'os.environ/ANTHROPIC_API_KEY' },
        model_info: { mode: 'chat', deprecation_date: '2027-01-31' },
      },
    ]);
    expect(text).toContain('input_cost_per_token: 0.000002\n');
    expect(text).not.toMatch(/cost_per_token: \d+e/);
  });

  it('says in its header which revision it is and what it could not route', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('# LiteLLM proxy config, written by Model Registry from registry revision 7.');
    expect(text).toContain('# Not routed: 1 model(s) of provider "acme"');
    expect(withoutHeader(text).startsWith('model_list:')).toBe(true);
  });

  it('is the same bytes for the same input', () => {
    expect(litellmConfig(input(models))).toBe(text);
  });

  it("heads each hunk of a check's diff with the model it changes, even a price far below its name", () => {
    const priced = models.map((m) =>
      m.id === 'mistral-large-latest' ? { ...m, price: { input: 3, output: 6 } } : m,
    );
    const config = { body: litellmConfig({ ...input(priced), revision: 8 }), revision: 8 } as GatewayConfig;
    // The deployed file's header names another revision: only what is below it is compared.
    expect(
      checkGatewayConfig(text.replace('revision 7', 'revision 6'), 'config.yaml', { ...config, body: text })
        .matches,
    ).toBe(true);
    const check = checkGatewayConfig(text, 'config.yaml', config);
    if (check.matches) throw new Error('a changed price must not match');
    const hunks = check.diff.split('\n').filter((line) => line.startsWith('@@'));
    expect(hunks).toEqual([expect.stringMatching(/^@@ .* @@ mistral-large-latest$/)]);
    expect(check.diff).toContain(
      '-      input_cost_per_token: 0.000002\n+      input_cost_per_token: 0.000003',
    );
  });
});

describe('the LibreChat config', () => {
  const models = [
    model('mistral-large-latest', { isDefault: true, description: 'Top model' }),
    model('openrouter/openai/gpt-4o'),
    model('openai/text-embedding-3-small', { type: 'embedding' }),
    model('anthropic/claude-3-haiku', {
      deprecation: { date: '2027-01-31T00:00:00.000Z', replacement: 'anthropic/claude-4' },
    }),
  ];
  const parsed = parse(librechatConfig({ ...input(models), format: 'librechat' }));

  it('is valid against LibreChat own schema, every custom endpoint whole', () => {
    const result = configSchema.safeParse(parsed);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    for (const entry of parsed.endpoints.custom) {
      const one = endpointSchema.safeParse(entry);
      expect(one.success, JSON.stringify(one.error?.issues)).toBe(true);
    }
    expect(LIBRECHAT_CONFIG_VERSION).toBe(Constants.CONFIG_VERSION);
  });

  it('has one endpoint per provider with chat models, its ids, keys as references, specs named as the registry names them', () => {
    expect(
      parsed.endpoints.custom.map((e: { name: string; apiKey: string; models: unknown }) => [
        e.name,
        e.apiKey,
        e.models,
      ]),
    ).toEqual([
      // LibreChat's own `${VARIABLE}` references, as text.
      ['Mistral AI', ref('MISTRAL_API_KEY'), { default: ['mistral-large-latest'], fetch: false }],
      ['Anthropic', ref('ANTHROPIC_API_KEY'), { default: ['claude-3-haiku'], fetch: false }],
      ['OpenRouter', ref('OPENROUTER_KEY'), { default: ['openai/gpt-4o'], fetch: false }],
    ]);
    expect(parsed.modelSpecs.list[0]).toEqual({
      name: 'mistral-large-latest',
      label: 'Name of mistral-large-latest',
      description: 'Top model',
      default: true,
      group: 'Mistral AI',
      preset: { endpoint: 'Mistral AI', model: 'mistral-large-latest' },
    });
    expect(parsed.modelSpecs.list.map((s: { name: string }) => s.name)).not.toContain(
      'openai/text-embedding-3-small',
    );
    expect(parsed.modelSpecs.list[2].description).toBe(
      'Deprecated: retires 2027-01-31; use anthropic/claude-4 instead.',
    );
  });
});

describe("a config's fingerprint (what a notification compares)", () => {
  const base = [
    model('mistral-large-latest', { price: { input: 2, output: 6 }, description: 'Top model' }),
    model('openai/text-embedding-3-small', { type: 'embedding', price: { input: 0.02, output: null } }),
  ];
  const documents = { litellm: litellmDocument, librechat: librechatDocument } as const;
  const renderers = { litellm: litellmConfig, librechat: librechatConfig } as const;
  const variants: [string, GatewayInput][] = [
    ['another revision', { ...input(base), revision: 8 }],
    ['a description', input(base.map((m, i) => (i === 0 ? { ...m, description: 'Now better' } : m)))],
    ['an exact price', input(base.map((m, i) => (i === 0 ? { ...m, price: { input: 2.5, output: 6 } } : m)))],
    ['an embedding model gone', input(base.slice(0, 1))],
    ['a group', input(base.map((m, i) => (i === 0 ? { ...m, groups: ['coding'] } : m)))],
  ];

  it('changes exactly when the YAML below the header does, for each format', () => {
    const seen: string[] = [];
    for (const format of ['litellm', 'librechat'] as const) {
      const ours = { ...input(base), format };
      for (const [name, variant] of variants) {
        const theirs = { ...variant, format };
        const same =
          valueFingerprint(documents[format](ours)) === valueFingerprint(documents[format](theirs));
        const sameText = withoutHeader(renderers[format](ours)) === withoutHeader(renderers[format](theirs));
        expect(same, `${format}: ${name}`).toBe(sameText);
        seen.push(`${format} ${name}: ${same ? 'same' : 'changed'}`);
      }
    }
    // Each format sees what it writes, and nothing else.
    expect(seen).toEqual([
      'litellm another revision: same',
      'litellm a description: same',
      'litellm an exact price: changed',
      'litellm an embedding model gone: changed',
      'litellm a group: changed',
      'librechat another revision: same',
      'librechat a description: changed',
      'librechat an exact price: same',
      'librechat an embedding model gone: same',
      'librechat a group: same',
    ]);
  });
});
