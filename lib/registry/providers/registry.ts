// Which providers this deployment has: the built-in ones (enabled by their key variable) and the OpenAI-compatible
// servers an operator declares in the JSON file named by PROVIDERS_PATH. Read once per command or request; a bad
// file, an unknown kind or an id that clashes is refused naming the file and the entry, before anything is written.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { RegistryError } from '../errors';
import { providerIdSchema } from '../model/fields';
import { cleanText } from '../model/text';
import type { Env, ModelProvider } from '../types';
import { anthropicProviderFromEnv } from './anthropic';
import { geminiProviderFromEnv } from './gemini';
import { groqProviderFromEnv } from './groq';
import { BUILT_IN_PROVIDER_IDS } from './ids';
import { mistralProviderFromEnv } from './mistral';
import { openAiProviderFromEnv } from './openai';
import { OpenAiCompatibleProvider } from './openai-compatible';
import { openRouterProviderFromEnv } from './openrouter';
import { togetherProviderFromEnv } from './together';

type BuiltIn = {
  id: string;
  name: string;
  /** The variable whose presence enables it. */
  keyEnv: string;
  defaultUrl: string;
  create(env: Env): ModelProvider;
};

/** Every provider the registry ships an adapter for, in the order people see them. */
const BUILT_IN_PROVIDERS: readonly BuiltIn[] = [
  {
    id: 'mistral',
    name: 'Mistral AI',
    keyEnv: 'MISTRAL_API_KEY',
    defaultUrl: 'https://api.mistral.ai',
    create: mistralProviderFromEnv,
  },
  {
    id: 'openai',
    name: 'OpenAI',
    keyEnv: 'OPENAI_API_KEY',
    defaultUrl: 'https://api.openai.com',
    create: openAiProviderFromEnv,
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    keyEnv: 'ANTHROPIC_API_KEY',
    defaultUrl: 'https://api.anthropic.com',
    create: anthropicProviderFromEnv,
  },
  {
    id: 'gemini',
    name: 'Google Gemini',
    keyEnv: 'GEMINI_API_KEY',
    defaultUrl: 'https://generativelanguage.googleapis.com',
    create: geminiProviderFromEnv,
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    keyEnv: 'OPENROUTER_API_KEY',
    defaultUrl: 'https://openrouter.ai',
    create: openRouterProviderFromEnv,
  },
  {
    id: 'groq',
    name: 'Groq',
    keyEnv: 'GROQ_API_KEY',
    defaultUrl: 'https://api.groq.com',
    create: groqProviderFromEnv,
  },
  {
    id: 'together',
    name: 'Together AI',
    keyEnv: 'TOGETHER_API_KEY',
    defaultUrl: 'https://api.together.xyz',
    create: togetherProviderFromEnv,
  },
];

const BUILT_IN_IDS: ReadonlySet<string> = new Set(BUILT_IN_PROVIDER_IDS);
if (
  BUILT_IN_PROVIDERS.some((p) => !BUILT_IN_IDS.has(p.id)) ||
  BUILT_IN_PROVIDERS.length !== BUILT_IN_IDS.size
) {
  throw new Error('providers/ids.ts and the built-in adapters disagree');
}

/** One provider as this deployment knows it. */
export type ProviderEntry = {
  id: string;
  name: string;
  kind: 'built-in' | 'openai-compatible';
  /** Syncs read it: its key is set (built-in), or it is declared in PROVIDERS_PATH. */
  configured: boolean;
  /** What enables it, for people: `OPENAI_API_KEY`, or `PROVIDERS_PATH (/etc/providers.json)`. */
  enabledBy: string;
  /** Where its list is read, before any variable overrides it (shown; never holds a key). */
  baseUrl: string;
  /** The variable that holds its key (never the key): the built-in one, or the declaration's `apiKeyEnv`. */
  keyEnv: string | null;
  /** Builds its client from the environment; a bad setting is refused with the variable named. */
  create(): ModelProvider;
};

export type ProviderSetup = {
  /** Built-in providers first (configured or not), then the declared ones in file order. */
  all: ProviderEntry[];
  configured: ProviderEntry[];
  /** Every provider id a config entry or a request may name: built-in ones and declared ones. */
  ids: ReadonlySet<string>;
  get(id: string): ProviderEntry | undefined;
};

const declarationSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  baseUrl: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) URL'),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable')
    .optional(),
});

const declarationsSchema = z.strictObject({ providers: z.array(z.unknown()) });

const SHAPE =
  '{"providers": [{"id": "ollama", "kind": "openai-compatible", "name": "Ollama", "baseUrl": "http://127.0.0.1:11434/v1", "apiKeyEnv": "OLLAMA_API_KEY"}]}';

function refuse(path: string, problems: string[]): never {
  throw new RegistryError(
    'config',
    `The provider declarations in ${path} (PROVIDERS_PATH) are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      `Fix the file (shape: ${SHAPE}). Nothing was changed.`,
  );
}

const shown = (text: string) => cleanText(text).text;

/** The servers declared in PROVIDERS_PATH, validated as a whole: every problem is named at once. */
function readProviderDeclarations(env: Env): ProviderEntry[] {
  const path = env.PROVIDERS_PATH?.trim();
  if (!path) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new RegistryError(
      'config',
      `PROVIDERS_PATH names ${path}, which cannot be read (${code}). Fix the path or unset PROVIDERS_PATH.`,
      { cause: error },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    refuse(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  const top = declarationsSchema.safeParse(body);
  if (!top.success)
    refuse(
      path,
      top.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`),
    );

  const problems: string[] = [];
  const entries: ProviderEntry[] = [];
  const seen = new Set<string>();
  top.data.providers.forEach((raw, index) => {
    const parsed = declarationSchema.safeParse(raw);
    const rawId = (raw as { id?: unknown } | null)?.id;
    const label = `providers[${index}]${typeof rawId === 'string' ? ` ("${shown(rawId)}")` : ''}`;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(`${label}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`);
      }
      return;
    }
    const d = parsed.data;
    const id = providerIdSchema.safeParse(d.id);
    if (!id.success) problems.push(`${label}.id: ${id.error.issues[0]?.message}`);
    else if (BUILT_IN_IDS.has(d.id)) {
      problems.push(`${label}.id: "${d.id}" is a built-in provider; give the server another id`);
    } else if (seen.has(d.id)) problems.push(`${label}.id: "${d.id}" is declared twice`);
    if (d.kind !== 'openai-compatible') {
      problems.push(`${label}.kind: unknown kind "${shown(d.kind)}"; the one kind is "openai-compatible"`);
    }
    seen.add(d.id);
    if (problems.length > 0) return;
    entries.push({
      id: d.id,
      name: d.name,
      kind: 'openai-compatible',
      configured: true,
      enabledBy: `PROVIDERS_PATH (${path})`,
      baseUrl: d.baseUrl,
      keyEnv: d.apiKeyEnv ?? null,
      create: () =>
        new OpenAiCompatibleProvider({
          id: d.id,
          name: d.name,
          baseUrl: d.baseUrl,
          apiKey: d.apiKeyEnv ? env[d.apiKeyEnv]?.trim() || undefined : undefined,
          apiKeyEnv: d.apiKeyEnv,
        }),
    });
  });
  if (problems.length > 0) refuse(path, problems);
  return entries;
}

/** The providers of this deployment, read from `env`. Throws RegistryError('config') on a bad PROVIDERS_PATH. */
export function providerSetup(env: Env): ProviderSetup {
  const builtIn: ProviderEntry[] = BUILT_IN_PROVIDERS.map((p) => ({
    id: p.id,
    name: p.name,
    kind: 'built-in',
    configured: Boolean(env[p.keyEnv]?.trim()),
    enabledBy: p.keyEnv,
    baseUrl: p.defaultUrl,
    keyEnv: p.keyEnv,
    create: () => p.create(env),
  }));
  const all = [...builtIn, ...readProviderDeclarations(env)];
  const byId = new Map(all.map((entry) => [entry.id, entry]));
  return {
    all,
    configured: all.filter((entry) => entry.configured),
    ids: new Set(byId.keys()),
    get: (id) => byId.get(id),
  };
}
