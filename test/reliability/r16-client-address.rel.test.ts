// R16: the per-address sign-in limit keys on a client the client cannot choose. Two deployments of the production
// server, each started here on the suite's database: exposed directly with the default AUTH_TRUSTED_PROXIES (0),
// and with AUTH_TRUSTED_PROXIES=1 behind a real (tiny) reverse proxy that appends the address it was reached from.
// Each client connects from its own loopback address (127.x.y.z, all routed to lo on Linux), so the peer address
// the server sees is real, and every request carries a different, forged X-Forwarded-For and a forged value of
// the header the server writes the peer address into.
import { randomBytes, randomInt } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DbHandle, openDatabase } from '../../db/client';
import { PEER_ADDRESS_HEADER } from '../../lib/auth/client-address';
import { createOrResetUser, SIGN_IN_LIMITS } from '../../lib/auth/users';
import { type NextServer, startNextServer } from '../support/next-server';
import { databaseUrl } from './support';

const PASSWORD = 'correct-horse-battery-16';
let handle: DbHandle;

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One HTTP request from a given local (loopback) address: node:http, since fetch cannot choose it. */
function send(
  url: string,
  from: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: from },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Sign-in through Auth.js (CSRF round trip, then the credentials POST) from `from`, each request with a forged
 * X-Forwarded-For and a forged value of the server's own peer-address header, both different every time.
 */
async function signInFrom(server: string, from: string, email: string, password: string) {
  const forged = () => ({
    'X-Forwarded-For': `198.51.100.${randomInt(1, 255)}, 203.0.113.${randomInt(1, 255)}`,
    [PEER_ADDRESS_HEADER]: `192.0.2.${randomInt(1, 255)}`,
  });
  const csrf = await send(`${server}/api/auth/csrf`, from, { headers: forged() });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = ([csrf.headers['set-cookie'] ?? []].flat() as string[])
    .map((c) => c.split(';')[0])
    .join('; ');
  const body = new URLSearchParams({ csrfToken, email, password, callbackUrl: `${server}/admin/models` });
  const answer = await send(`${server}/api/auth/callback/credentials`, from, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: cookie,
      Origin: server,
      ...forged(),
    },
    body: body.toString(),
  });
  const location = String(answer.headers.location ?? '');
  const cookies = [answer.headers['set-cookie'] ?? []].flat() as string[];
  return {
    code: new URL(location, server).searchParams.get('code'),
    session: cookies.some((c) => /^(__Secure-)?authjs\.session-token=[^;]/.test(c)),
  };
}

/** A reverse proxy as nginx's `proxy_add_x_forwarded_for` does it: append the address the request came from. */
async function appendingProxy(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const seen = req.headers['x-forwarded-for'];
    const forwardedFor = [seen, req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = request(
      `${target}${req.url}`,
      { method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwardedFor } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no proxy port');
  // The Host header is passed on unchanged, so Auth.js builds its URLs (and checks Origin) against the proxy.
  return { url: `http://127.0.0.1:${address.port}`, server };
}

const loopback = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

async function user(prefix: string): Promise<string> {
  const email = `${prefix}-${randomBytes(4).toString('hex')}@r16.test`;
  await createOrResetUser(handle.db, { email, role: 'viewer', password: PASSWORD });
  return email;
}

/** 20 failures from one client, each with a different forged X-Forwarded-For; then the limit must hold. */
async function exhaustAddress(server: string, attacker: string, bystander: string) {
  for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
    const guess = await signInFrom(
      server,
      attacker,
      `nobody-${i}-${randomBytes(3).toString('hex')}@r16.test`,
      'x',
    );
    expect(guess.code, `attempt ${i + 1}`).toBe('credentials');
  }
  const victim = await user('victim');
  const fromAttacker = await signInFrom(server, attacker, victim, PASSWORD);
  expect(fromAttacker.session).toBe(false);
  expect(fromAttacker.code).toBe('rate_limited');
  // Another client still signs in to the same account: the limit is on the attacker's address alone.
  expect((await signInFrom(server, bystander, victim, PASSWORD)).session).toBe(true);
}

const servers: NextServer[] = [];
const proxies: Server[] = [];

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl(),
    AUTH_SECRET: inject('relAuthSecret'),
    ...extra,
  };
  for (const key of [
    'PGLITE_DIR',
    'MISTRAL_API_KEY',
    'MODEL_DEFAULTS_PATH',
    'REGISTRY_API_TOKEN',
    'AUTH_TRUSTED_PROXIES',
  ])
    if (!(key in extra)) delete env[key];
  return env;
}

beforeAll(async () => {
  handle = await openDatabase({ env: { DATABASE_URL: databaseUrl() } });
});
afterAll(async () => {
  for (const proxy of proxies) proxy.close();
  await Promise.all(servers.map((s) => s.stop()));
  await handle?.close();
});

describe('R16: the client address behind no proxy and behind one', () => {
  it('exposed directly (default AUTH_TRUSTED_PROXIES): forged X-Forwarded-For is ignored, the peer is limited', async ({
    task,
  }) => {
    const server = await startNextServer(serverEnv({}));
    servers.push(server);
    await exhaustAddress(server.url, loopback(), loopback());
    task.meta.cases = SIGN_IN_LIMITS.perAddress + 2;
    task.meta.faults = SIGN_IN_LIMITS.perAddress + 1;
  });

  it('behind one proxy (AUTH_TRUSTED_PROXIES=1): keyed on the entry the proxy appended', async ({ task }) => {
    const server = await startNextServer(serverEnv({ AUTH_TRUSTED_PROXIES: '1' }));
    servers.push(server);
    const proxy = await appendingProxy(server.url);
    proxies.push(proxy.server);
    await exhaustAddress(proxy.url, loopback(), loopback());
    task.meta.cases = SIGN_IN_LIMITS.perAddress + 2;
    task.meta.faults = SIGN_IN_LIMITS.perAddress + 1;
  });
});
