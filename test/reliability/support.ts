// Shared by the reliability suite: the server the setup started, signed-in cookies minted with its secret,
// direct server-action calls (ids from the build), and a fingerprint of everything the database holds.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encode } from 'next-auth/jwt';
import postgres from 'postgres';
import { inject } from 'vitest';

export const baseUrl = () => inject('relBaseUrl');
export const databaseUrl = () => inject('relDatabaseUrl');
export const people = () => ({ admin: inject('relAdmin'), viewer: inject('relViewer') });

export const SESSION_COOKIE = 'authjs.session-token';

export function sql() {
  return postgres(databaseUrl(), { max: 2, onnotice: () => {} });
}

/**
 * A session cookie as the server would issue it (signed with its secret), for a user id and role, with the
 * server-side session row a real sign-in opens (lib/auth/sessions.ts).
 */
export async function sessionCookie(
  who: { id: number; role: 'admin' | 'viewer' },
  options: { maxAge?: number; secret?: string } = {},
): Promise<string> {
  const sid = randomBytes(32).toString('base64url');
  const db = sql();
  try {
    await db`insert into sessions (id, user_id) values (${sid}, ${who.id})`;
  } finally {
    await db.end();
  }
  const token = await encode({
    token: { sub: String(who.id), role: who.role, sid, signedInAt: Math.floor(Date.now() / 1000) },
    secret: options.secret ?? inject('relAuthSecret'),
    salt: SESSION_COOKIE,
    maxAge: options.maxAge ?? 600,
  });
  return `${SESSION_COOKIE}=${token}`;
}

export async function userId(email: string): Promise<number> {
  const db = sql();
  try {
    const [row] = await db<{ id: number }[]>`select id from users where email = ${email}`;
    if (!row) throw new Error(`no user ${email}`);
    return row.id;
  } finally {
    await db.end();
  }
}

export type ActionRef = { id: string; name: string; page: string };

/** Every server action in the build, with the page route that serves it. */
export function serverActions(): ActionRef[] {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { exportedName?: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers).find((w) => w.startsWith('app/')) ?? 'app/page';
    const page = worker.replace(/^app/, '').replace(/\/page$/, '') || '/';
    return { id, name: entry.exportedName ?? id, page: page.includes('[') ? '/admin/models' : page };
  });
}

/** React's reply encoding escapes strings that start with `$` (its reference marker) by doubling it. */
function encodeReply(value: unknown): unknown {
  if (typeof value === 'string') return value.startsWith('$') ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(encodeReply);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeReply(v)]));
  return value;
}

/** Calls a server action as the browser does (same headers, React's reply encoding of a JSON argument). */
export async function callAction(
  action: ActionRef,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${baseUrl()}${action.page}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Next-Action': action.id,
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
      Origin: baseUrl(),
      ...headers,
    },
    body: JSON.stringify([null, encodeReply(input)]),
  });
  return { status: response.status, body: await response.text() };
}

/** Everything the registry holds, as one value: equal fingerprints mean nothing was written. */
export async function fingerprint(): Promise<string> {
  const db = sql();
  try {
    const [row] = await db<{ fp: string }[]>`
      select md5(
        coalesce((select string_agg(m::text, '|' order by id) from models m), '') ||
        coalesce((select string_agg(e::text, '|' order by id) from model_events e), '') ||
        coalesce((select string_agg(r::text, '|' order by started_at, id) from seed_runs r), '') ||
        coalesce((select string_agg(u::text, '|' order by id) from users u), '') ||
        coalesce((select string_agg(a::text, '|' order by id) from account_events a), '') ||
        coalesce((select string_agg(k::text, '|' order by id) from api_keys k), '') ||
        coalesce((select string_agg(x::text, '|' order by id) from access_events x), '') ||
        coalesce((select string_agg(g::text, '|' order by slug) from access_groups g), '') ||
        coalesce((select string_agg(t::text, '|' order by slug) from access_teams t), '')
      ) as fp`;
    return row?.fp ?? '';
  } finally {
    await db.end();
  }
}

/** One sign-in through Auth.js: the CSRF round trip, then the credentials POST. */
export async function signIn(
  email: string,
  password: string,
  address: string,
  extraHeaders: Record<string, string> = {},
) {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`, {
    headers: { 'X-Forwarded-For': address, ...extraHeaders },
  });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const started = performance.now();
  const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: cookie,
      'X-Forwarded-For': address,
      Origin: baseUrl(),
      ...extraHeaders,
    },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl()}/admin/models` }),
  });
  const elapsed = performance.now() - started;
  const location = response.headers.get('location') ?? '';
  const cookies = response.headers.getSetCookie();
  const session = cookies.some((c) => /^(__Secure-)?authjs\.session-token=[^;]/.test(c));
  const code = new URL(location, baseUrl()).searchParams.get('code');
  return { status: response.status, location, code, session, cookies, elapsed };
}
