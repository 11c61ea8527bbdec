// Runs a bundled command (dist/cli/<name>.mjs, built by the test global setup) as a real process.
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { type CliResult, runProcess } from './process';

export { type CliResult, runProcess };

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Environment without the developer's own database or provider settings, so tests never touch them. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'PGLITE_DIR',
    'MODEL_DEFAULTS_PATH',
    'PROVIDERS_PATH',
    'ACCESS_PATH',
    'FORCE_COLOR',
  ]) {
    delete env[key];
  }
  // No provider the developer configured is read: every provider's key, address and timeout go.
  for (const key of Object.keys(env)) {
    if (/^[A-Z0-9_]+_API_(KEY|URL)$|^[A-Z0-9_]+_TIMEOUT_MS$/.test(key)) delete env[key];
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCli(
  name: string,
  args: string[] = [],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return runProcess(process.execPath, [resolve(ROOT, 'dist/cli', `${name}.mjs`), ...args], {
    env: cleanEnv(options.env),
    timeoutMs: options.timeoutMs,
  });
}

/** The one JSON object a command printed with --json. */
export function jsonOf<T = Record<string, unknown>>(result: CliResult): T {
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`expected JSON on stdout, got:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

/** models:check must exit 2 ("could not tell"), say so, name the cause, and answer the same with --json. */
export async function expectCouldNotTell(env: Record<string, string>, cause: RegExp): Promise<void> {
  const check = await runCli('models-check', [], { env });
  expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(2);
  expect(check.stderr).toMatch(/could not tell whether models exist/);
  expect(check.stderr).toMatch(cause);
  const json = await runCli('models-check', ['--json'], { env });
  expect(json.code).toBe(2);
  expect(JSON.parse(json.stdout)).toMatchObject({ error: { kind: 'database' } });
}
