// "Could not tell" is never "empty": every way the database can fail makes models:check exit 2 and
// models:deploy seed nothing.

import { createServer, type Server } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCouldNotTell, runCli } from '../support/cli';
import { ADMIN_URL, createTestDb, type TestDb } from '../support/db';

function urlWith(changes: { port?: number; user?: string; database?: string; password?: string }): string {
  const url = new URL(ADMIN_URL);
  if (changes.port !== undefined) url.port = String(changes.port);
  if (changes.user !== undefined) url.username = changes.user;
  if (changes.password !== undefined) url.password = changes.password;
  if (changes.database !== undefined) url.pathname = `/${changes.database}`;
  return url.toString();
}

/** A TCP server that accepts connections and never says a word: a hung database. */
async function silentServer(): Promise<{ port: number; server: Server }> {
  const server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

async function closedPort(): Promise<number> {
  const { port, server } = await silentServer();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('models:check and deploy on a failing Postgres', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await createTestDb({ migrate: false });
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('nothing listening → 2, naming the address', async () => {
    const port = await closedPort();
    await expectCouldNotTell(
      { DATABASE_URL: urlWith({ port }) },
      new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`),
    );
    const deploy = await runCli('models-deploy', [], { env: { DATABASE_URL: urlWith({ port }) } });
    expect(deploy.code).toBe(2);
  });

  it('authentication refused (unknown role) → 2', async () => {
    await expectCouldNotTell(
      { DATABASE_URL: urlWith({ user: 'no_such_role', password: 'x' }) },
      /28000|28P01|credentials/,
    );
  });

  it('database missing → 2', async () => {
    await expectCouldNotTell(
      { DATABASE_URL: urlWith({ database: 'mr_no_such_database' }) },
      /3D000|does not exist/,
    );
  });

  it('schema not migrated → 2, and deploy migrates instead of guessing', async () => {
    await expectCouldNotTell(testDb.env, /db:migrate/);
  });

  it('a server that never answers → 2 within the 10 s bound', async () => {
    const { port, server } = await silentServer();
    try {
      const started = Date.now();
      await expectCouldNotTell({ DATABASE_URL: urlWith({ port }) }, /did not answer in time|timeout/i);
      expect(Date.now() - started).toBeLessThan(2 * 12_000);
    } finally {
      server.close();
    }
  });

  it('a query blocked past the statement timeout → 2; deploy does not seed', async () => {
    const migrated = await createTestDb();
    const blocker = postgres(migrated.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const reserved = await blocker.reserve();
      await reserved`begin`;
      await reserved`lock table models in access exclusive mode`;
      await expectCouldNotTell(migrated.env, /57014|timed? ?out|too long|did not answer/i);
      await reserved`rollback`;
      reserved.release();
    } finally {
      await blocker.end({ timeout: 1 });
      await migrated.drop();
    }
  });
});
