// Loads and validates the operator's status configuration, once, before anything is written.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import bundledDefaults from '../../../config/model-defaults';
import { RegistryError } from '../errors';
import { modelIdSchema } from '../model/fields';
import { BUILT_IN_PROVIDER_IDS } from '../providers/ids';
import { providerSetup } from '../providers/registry';
import type { Env, ModelDefaults } from '../types';

/** An entry names a model id, an alias or a group name: the registry's one model-id rule. */
const modelIdEntry = z.string().trim().min(1, 'must not be empty').pipe(modelIdSchema);

const modelDefaultsSchema = z
  .strictObject({
    alwaysActive: z.array(modelIdEntry),
    alwaysInactive: z.array(modelIdEntry),
    defaultNewModelStatus: z.enum(['active', 'inactive']),
    providers: z
      .record(
        z.string(),
        z.strictObject({ defaultNewModelStatus: z.enum(['active', 'inactive']).optional() }),
      )
      .optional(),
  })
  .superRefine((value, ctx) => {
    const inactive = new Set(value.alwaysInactive);
    for (const entry of new Set(value.alwaysActive)) {
      if (inactive.has(entry)) {
        ctx.addIssue({
          code: 'custom',
          path: ['alwaysActive'],
          message: `"${entry}" is in both alwaysActive and alwaysInactive; keep it in one list`,
        });
      }
    }
  });

/**
 * Validates a configuration object, naming where it came from and every problem in it. `knownProviders`: the
 * provider ids entries and per-provider settings may name (built-in and declared).
 */
export function parseModelDefaults(
  input: unknown,
  origin: string,
  knownProviders: readonly string[] = BUILT_IN_PROVIDER_IDS,
): ModelDefaults {
  const known = new Set(knownProviders);
  const result = modelDefaultsSchema
    .superRefine((value, ctx) => {
      for (const id of Object.keys(value.providers ?? {})) {
        if (!known.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['providers', id],
            message: `"${id}" is not a provider; known providers: ${[...known].join(', ')}`,
          });
        }
      }
    })
    .safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.length ? issue.path.join('.') : '(top level)';
      return `  - ${path}: ${issue.message}`;
    });
    throw new RegistryError(
      'config',
      `The model status configuration in ${origin} is invalid:\n${problems.join('\n')}\n` +
        'Fix it (shape: {"alwaysActive": [...], "alwaysInactive": [...], "defaultNewModelStatus": "active"|"inactive"}).',
    );
  }
  const { alwaysActive, alwaysInactive, defaultNewModelStatus, providers } = result.data;
  return {
    alwaysActive: [...new Set(alwaysActive)],
    alwaysInactive: [...new Set(alwaysInactive)],
    defaultNewModelStatus,
    ...(providers ? { providers } : {}),
    knownProviders: [...known],
  };
}

/**
 * The provider ids entries may name: built-in ones and those declared in PROVIDERS_PATH. A PROVIDERS_PATH that
 * cannot be read is reported once, where providers are read (every sync, the start, the doctor's providers check),
 * so the configuration is judged against the built-in ids meanwhile rather than fail a second time.
 */
function knownProvidersOf(env: Env): readonly string[] {
  try {
    return [...providerSetup(env).ids];
  } catch {
    return BUILT_IN_PROVIDER_IDS;
  }
}

/**
 * The configuration in force: MODEL_DEFAULTS_PATH when set, else config/model-defaults.ts.
 * Throws RegistryError('config') naming the file and the problem; callers refuse to start on it.
 */
export function loadModelDefaults(env: Env = process.env): { config: ModelDefaults; origin: string } {
  const known = knownProvidersOf(env);
  const path = env.MODEL_DEFAULTS_PATH?.trim();
  if (!path) {
    return {
      config: parseModelDefaults(bundledDefaults, 'config/model-defaults.ts', known),
      origin: 'config/model-defaults.ts',
    };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RegistryError(
      'config',
      `MODEL_DEFAULTS_PATH=${path} cannot be read (${code ?? String(error)}). Point it at a readable JSON file, or unset it to use config/model-defaults.ts.`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RegistryError(
      'config',
      `MODEL_DEFAULTS_PATH=${path} is not valid JSON (${(error as Error).message}).`,
      { cause: error },
    );
  }
  return { config: parseModelDefaults(json, `MODEL_DEFAULTS_PATH=${path}`, known), origin: path };
}
