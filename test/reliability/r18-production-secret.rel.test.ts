// R18: a development secret never reaches production. `npm start` is run as an operator runs it, in a copy of the
// app's directory (links to the build, the dependencies and the config) so each case controls which env files
// exist: with AUTH_SECRET only in the development file, and with none at all, it must refuse to start, naming
// AUTH_SECRET; with AUTH_SECRET in its environment the same copy comes up (so the refusals are the check's doing).
// `npm run dev`'s preparation writes that file owner-only (0600) and tightens one that was readable by others.
// A server started some other way without a secret (plain `next start`) reports unhealthy instead of "ok".
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db';
import { freePort } from '../support/next-server';
import { databaseUrl } from './support';

const ROOT = resolve('.');
const dirs: string[] = [];

/** A directory that looks like a deployed checkout of the app, with no env file unless the case writes one. */
function appCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mr-r18-'));
  dirs.push(dir);
  for (const entry of [
    '.next',
    'dist',
    'node_modules',
    'package.json',
    'next.config.ts',
    'lib',
    'db',
    'config',
  ])
    symlinkSync(join(ROOT, entry), join(dir, entry));
  return dir;
}

function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl(), ...extra };
  // No secret, no NODE_ENV (each command sets its own) and no embedded database unless the case says so.
  for (const key of [
    'AUTH_SECRET',
    'NEXTAUTH_SECRET',
    'NODE_ENV',
    'PGLITE_DIR',
    'MISTRAL_API_KEY',
    'REGISTRY_API_TOKEN',
  ])
    if (!(key in extra)) Reflect.deleteProperty(env, key);
  return env;
}

type Run = { exitCode: number | null; output: string; url: string; child: ChildProcess };

/** Runs a server command in `dir`; resolves when it exits or once /api/health answers (then it is left running). */
async function runServer(dir: string, command: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const port = await freePort();
  const child = spawn(command[0] as string, [...command.slice(1), '-p', String(port), '-H', '127.0.0.1'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) break;
    try {
      await fetch(`${url}/api/health`);
      break;
    } catch {}
    if (Date.now() > deadline) break;
    await Promise.race([exited, new Promise((r) => setTimeout(r, 250))]);
  }
  return { exitCode: child.exitCode, output, url, child };
}

function stop(run: Run) {
  if (run.child.exitCode === null && run.child.pid) {
    try {
      process.kill(-run.child.pid, 'SIGKILL');
    } catch {}
  }
}

const npmStart = ['npm', 'start', '--'];
let devDb: TestDb;

beforeAll(async () => {
  devDb = await createTestDb();
});
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await devDb?.drop();
});

describe('R18: the production secret', () => {
  it('npm start refuses a secret that only the development file (.env.local) holds', async ({ task }) => {
    const dir = appCopy();
    writeFileSync(join(dir, '.env.local'), `AUTH_SECRET=${randomBytes(32).toString('base64url')}\n`, {
      mode: 0o600,
    });
    const run = await runServer(dir, npmStart, baseEnv());
    stop(run);
    expect(run.exitCode, `npm start came up on the development secret:\n${run.output}`).not.toBeNull();
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toMatch(/AUTH_SECRET/);
    expect(run.output).toMatch(/\.env\.local/);
    task.meta.cases = 1;
    task.meta.faults = 1;
  });

  it('npm start refuses to start without any AUTH_SECRET, and starts with one in its environment', async ({
    task,
  }) => {
    const dir = appCopy();
    const refused = await runServer(dir, npmStart, baseEnv());
    stop(refused);
    expect(refused.exitCode, `npm start came up without a secret:\n${refused.output}`).not.toBeNull();
    expect(refused.exitCode).not.toBe(0);
    expect(refused.output).toMatch(/AUTH_SECRET is not set/);

    // The same copy, given a secret by its environment (and the development file beside it): it serves.
    writeFileSync(join(dir, '.env.local'), 'AUTH_SECRET=development-only\n');
    const started = await runServer(dir, npmStart, baseEnv({ AUTH_SECRET: inject('relAuthSecret') }));
    try {
      expect(started.exitCode, started.output).toBeNull();
      const health = await fetch(`${started.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', signIn: 'ready' });
    } finally {
      stop(started);
    }
    task.meta.cases = 2;
    task.meta.faults = 1;
  });

  it('a server started without a secret some other way reports unhealthy, naming no secret', async ({
    task,
  }) => {
    const dir = appCopy();
    const run = await runServer(dir, ['node', 'node_modules/next/dist/bin/next', 'start'], baseEnv());
    try {
      expect(run.exitCode, run.output).toBeNull();
      const health = await fetch(`${run.url}/api/health`);
      const body = (await health.json()) as { status: string; signIn: string; error: string };
      expect(health.status).toBe(503);
      expect(body).toMatchObject({ status: 'unavailable', signIn: 'unavailable' });
      expect(body.error).toMatch(/sign-in cannot work/i);
      expect(JSON.stringify(body)).not.toContain(inject('relAuthSecret'));
    } finally {
      stop(run);
    }
    task.meta.cases = 1;
    task.meta.faults = 1;
  });

  it('npm run dev writes its secret to .env.local readable by the owner only, and tightens an existing file', async ({
    task,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-r18-dev-'));
    dirs.push(dir);
    const file = join(dir, '.env.local');
    writeFileSync(file, 'SOMETHING_ELSE=1', { mode: 0o644 });
    const env = { ...baseEnv(), ...devDb.env };
    const prepare = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/dev-prepare.ts')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    prepare.stdout?.on('data', (c) => {
      output += c;
    });
    prepare.stderr?.on('data', (c) => {
      output += c;
    });
    const code = await new Promise<number | null>((done) => prepare.once('exit', done));
    expect(code, output).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^SOMETHING_ELSE=1\nAUTH_SECRET=[\w-]{40,}\n$/);
    task.meta.cases = 1;
    task.meta.faults = 1;
  });
});
