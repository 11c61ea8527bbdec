// AUTH_SECRET signs and encrypts every session. Development gets one written to a private file by `npm run dev`;
// production must be given its own, and neither starts nor reports healthy without one.
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, readFileSync } from 'node:fs';

/** The file `npm run dev` keeps its generated AUTH_SECRET in (Next.js loads it; git ignores it). */
export const DEVELOPMENT_ENV_FILE = '.env.local';

/** An env file Next.js loaded, as @next/env's loadEnvConfig reports it (path relative to the app, parsed values). */
type LoadedEnvFile = { path: string; env: Record<string, string | undefined> };

/**
 * Why a production start must not go on, or null: AUTH_SECRET missing, or set only by the development file.
 * `fromProcess` is AUTH_SECRET as the process environment had it before any env file was loaded.
 */
export function productionSecretProblem(
  fromProcess: string | undefined,
  loadedEnvFiles: readonly LoadedEnvFile[],
): string | null {
  if (fromProcess?.trim()) return null;
  // Next.js gives the first file in its load order that sets a variable precedence.
  const source = loadedEnvFiles.find((file) => file.env.AUTH_SECRET?.trim());
  if (!source) {
    return (
      'AUTH_SECRET is not set: sessions cannot be signed, so nobody could sign in. Set AUTH_SECRET in the ' +
      "server's environment to a random value of at least 32 bytes (openssl rand -base64 32) and start again."
    );
  }
  if (source.path === DEVELOPMENT_ENV_FILE) {
    return (
      `AUTH_SECRET comes only from ${DEVELOPMENT_ENV_FILE}, the development secret npm run dev writes; a production ` +
      "server does not use it. Set AUTH_SECRET in the server's environment (openssl rand -base64 32) and start again."
    );
  }
  return null;
}

/** Whether sign-in can work in this process: null when it can, else a reason that names no secret value. */
export function signInUnavailableReason(env: Readonly<Record<string, string | undefined>>): string | null {
  return env.AUTH_SECRET?.trim() ? null : 'sign-in cannot work: the server has no session secret configured';
}

/**
 * For `npm run dev`: make sure the development file holds an AUTH_SECRET (unless the environment has one) and is
 * readable by its owner only (0600), tightening a file that exists already. Returns whether a secret was written.
 */
export function ensureDevelopmentSecret(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  let written = false;
  if (!env.AUTH_SECRET && !/^AUTH_SECRET=/m.test(text)) {
    const separator = text && !text.endsWith('\n') ? '\n' : '';
    appendFileSync(file, `${separator}AUTH_SECRET=${randomBytes(32).toString('base64url')}\n`, {
      mode: 0o600,
    });
    written = true;
  }
  // appendFileSync's mode applies only to a file it creates: an existing one is tightened here.
  if (existsSync(file)) chmodSync(file, 0o600);
  return written;
}
