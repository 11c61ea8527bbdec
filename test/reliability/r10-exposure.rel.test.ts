// R10: what leaves the server. No secret (AUTH_SECRET, DATABASE_URL, API keys, password hashes) in any static
// asset, page or action response; session cookies HttpOnly and SameSite (Secure behind HTTPS); security headers
// on pages (CSP with a per-request nonce that every script carries) and on the API.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import {
  type ActionRef,
  baseUrl,
  callAction,
  databaseUrl,
  people,
  serverActions,
  sessionCookie,
  signIn,
  sql,
  userId,
} from './support';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

async function secrets(): Promise<string[]> {
  const db = sql();
  try {
    const hashes = (await db<{ password_hash: string }[]>`select password_hash from users`).map(
      (r) => r.password_hash,
    );
    const url = new URL(databaseUrl());
    return [
      inject('relAuthSecret'),
      databaseUrl(),
      `${url.host}${url.pathname}`,
      'postgres://',
      'scrypt$',
      ...hashes,
    ];
  } finally {
    await db.end();
  }
}

describe('R10: secrets, cookies and headers', () => {
  it('no secret in the client bundle, any page, the API or an action response', async ({ task }) => {
    const needles = await secrets();
    let scanned = 0;
    for (const path of files('.next/static')) {
      const text = readFileSync(path, 'latin1');
      scanned++;
      for (const needle of needles)
        expect(text.includes(needle), `${needle.slice(0, 12)}… in ${path}`).toBe(false);
    }
    const adminCookie = await sessionCookie({ id: await userId(people().admin.email), role: 'admin' });
    const viewerCookie = await sessionCookie({ id: await userId(people().viewer.email), role: 'viewer' });
    const pages = [
      '/',
      '/login',
      '/admin/models',
      '/admin/sync',
      '/admin/models/1/history',
      '/api/health',
      '/api/v1/models',
    ];
    for (const cookie of [adminCookie, viewerCookie, undefined]) {
      for (const page of pages) {
        const response = await fetch(`${baseUrl()}${page}`, { headers: cookie ? { Cookie: cookie } : {} });
        const text = await response.text();
        scanned++;
        for (const needle of needles)
          expect(text.includes(needle), `${needle.slice(0, 12)}… in ${page}`).toBe(false);
      }
    }
    const actions = serverActions();
    const preview = actions.find((a) => a.name === 'previewBulkAction') as ActionRef;
    const sync = actions.find((a) => a.name === 'syncAction') as ActionRef;
    for (const [action, input] of [
      [preview, { target: { kind: 'filter', filter: {} }, changes: { status: 'active' } }],
      [sync, { apply: false }],
      [preview, { target: 'nonsense' }],
    ] as const) {
      const result = await callAction(action, input, { Cookie: adminCookie });
      scanned++;
      for (const needle of needles)
        expect(result.body.includes(needle), `${needle.slice(0, 12)}… in ${action.name}`).toBe(false);
    }
    task.meta.cases = scanned;
    task.meta.faults = 0;
  });

  it('session cookies are HttpOnly and SameSite=Lax, and Secure with the __Secure- prefix behind HTTPS', async ({
    task,
  }) => {
    const { email, password } = people().viewer;
    const plain = await signIn(email, password, '10.10.0.1');
    const session = plain.cookies.find((c) => c.startsWith('authjs.session-token='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);

    const behindHttps = await signIn(email, password, '10.10.0.2', { 'X-Forwarded-Proto': 'https' });
    const secure = behindHttps.cookies.find((c) => c.startsWith('__Secure-authjs.session-token='));
    expect(secure, behindHttps.cookies.join('\n')).toBeDefined();
    expect(secure).toMatch(/; Secure/i);
    expect(secure).toMatch(/; HttpOnly/i);
    expect(secure).toMatch(/; SameSite=Lax/i);
    task.meta.cases = 2;
    task.meta.faults = 0;
  });

  it('pages carry a nonce CSP that every script uses, and all responses the security headers', async ({
    task,
  }) => {
    const admin = await sessionCookie({ id: await userId(people().admin.email), role: 'admin' });
    const seen = new Set<string>();
    for (const [path, cookie] of [
      ['/login', undefined],
      ['/admin/models', admin],
    ] as const) {
      const response = await fetch(`${baseUrl()}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
      const html = await response.text();
      const csp = response.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, `${path}: ${csp}`).toBeDefined();
      expect(seen.has(nonce ?? '')).toBe(false); // fresh per request
      seen.add(nonce ?? '');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts)
        expect(tag, `${path}: a script without the nonce`).toContain(`nonce="${nonce}"`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    const api = await fetch(`${baseUrl()}/api/v1/models`);
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-powered-by')).toBeNull();
    task.meta.cases = 3;
    task.meta.faults = 0;
  });
});
