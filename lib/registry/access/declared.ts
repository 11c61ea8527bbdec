// The access groups and teams an operator declares as code: the JSON file named by ACCESS_PATH, beside the model
// defaults and validated the same way (a bad file is refused naming the file and every bad entry). Declared groups
// and teams are read-only everywhere else. Read per call, but parsed again only when the file changed (its size and
// modification time), so the consumer API can ask on every request for the price of one stat.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { RegistryError } from '../errors';
import { BUILT_IN_PROVIDER_IDS } from '../providers/ids';
import { providerSetup } from '../providers/registry';
import type { Env } from '../types';
import { type AccessDeclarations, parseAccessDeclarations } from './rules';

export type Declared = AccessDeclarations & {
  /** `ACCESS_PATH=<path>`, or null when none is set (then there are no groups but `all`, and no teams). */
  origin: string | null;
  /** Changes exactly when the declarations do: part of every cache key derived from them. */
  fingerprint: string;
};

const NONE: Declared = { groups: [], teams: [], origin: null, fingerprint: 'none' };

let kept: { path: string; stamp: string; declared: Declared } | null = null;

/** The provider ids a rule may name: built-in ones and those PROVIDERS_PATH declares (built-in alone if it is bad). */
export function knownProviders(env: Env): ReadonlySet<string> {
  try {
    return providerSetup(env).ids;
  } catch {
    return new Set(BUILT_IN_PROVIDER_IDS);
  }
}

/** The declarations in force. Throws RegistryError('config') naming the file and the problem. */
export function loadAccessDeclarations(env: Env = process.env): Declared {
  const path = env.ACCESS_PATH?.trim();
  if (!path) return NONE;
  const origin = `ACCESS_PATH=${path}`;
  let text: string;
  let stamp: string;
  try {
    const stat = statSync(path);
    stamp = `${stat.size}:${stat.mtimeMs}`;
    if (kept?.path === path && kept.stamp === stamp) return kept.declared;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RegistryError(
      'config',
      `${origin} cannot be read (${code ?? String(error)}). Point it at a readable JSON file, or unset it to declare no groups or teams.`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RegistryError('config', `${origin} is not valid JSON (${(error as Error).message}).`, {
      cause: error,
    });
  }
  const declared: Declared = {
    ...parseAccessDeclarations(json, origin, knownProviders(env)),
    origin,
    fingerprint: createHash('sha256').update(text).digest('base64url').slice(0, 16),
  };
  kept = { path, stamp, declared };
  return declared;
}
