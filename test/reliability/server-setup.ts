// Starts the production server (dist/server.mjs on the build in .next, built by `npm run test:reliability`) on a
// fresh, deployed Postgres database with one admin and one viewer, for the HTTP tests of the reliability suite;
// stops it and drops the database afterwards. Port and database are chosen per run, so two runs never collide.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startNextServer } from '../support/next-server';

declare module 'vitest' {
  export interface ProvidedContext {
    relBaseUrl: string;
    relDatabaseUrl: string;
    relAuthSecret: string;
    relAdmin: { email: string; password: string };
    relViewer: { email: string; password: string };
  }
}

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export default async function setup(project: TestProject) {
  if (!existsSync('.next/BUILD_ID')) {
    throw new Error(
      'The reliability suite needs the production build: run `npm run test:reliability` (it builds).',
    );
  }
  const name = `mr_rel_${randomBytes(5).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const secret = randomBytes(32).toString('base64url');
  const people = {
    admin: { email: 'admin@rel.test', password: randomBytes(12).toString('base64url') },
    viewer: { email: 'viewer@rel.test', password: randomBytes(12).toString('base64url') },
  };
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret };
  for (const key of ['PGLITE_DIR', 'MISTRAL_API_KEY', 'MODEL_DEFAULTS_PATH', 'REGISTRY_API_TOKEN'])
    delete env[key];
  execFileSync(process.execPath, ['dist/cli/models-deploy.mjs', '--source', 'catalog'], {
    env,
    stdio: 'ignore',
  });
  for (const [role, who] of Object.entries(people)) {
    execFileSync(process.execPath, ['dist/cli/admin-create.mjs', '--email', who.email, '--role', role], {
      env,
      input: `${who.password}\n`,
      stdio: ['pipe', 'ignore', 'inherit'],
    });
  }

  // The shared server runs as if behind one proxy: the suite's requests play that proxy, each writing the
  // X-Forwarded-For entry of the client it stands for (R9, R12). R16 starts its own servers for the default (no
  // proxy, keyed on the peer) and for a real proxy in front.
  const server = await startNextServer({ ...env, AUTH_TRUSTED_PROXIES: '1' });
  const baseUrl = server.url;

  project.provide('relBaseUrl', baseUrl);
  project.provide('relDatabaseUrl', databaseUrl);
  project.provide('relAuthSecret', secret);
  project.provide('relAdmin', people.admin);
  project.provide('relViewer', people.viewer);

  return async () => {
    await server.stop();
    const drop = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await drop.unsafe(`drop database if exists ${name} with (force)`);
    await drop.end();
  };
}
