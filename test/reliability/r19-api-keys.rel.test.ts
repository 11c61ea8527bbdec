// R19: API keys against the production server. A key made by one process (keys:create) is honoured by the server,
// another process; 1,000 random, near-miss and malformed keys are all refused alike (401 invalid_api_key); a client
// sending more than 50 wrong keys in 15 minutes is refused (429) before any further key of its is looked up, while
// others are not; and a revocation by a third process (keys:revoke) is refused from the server's very next
// request, as is an expired key. The suite's server trusts one proxy: each request names its client in
// X-Forwarded-For, as that proxy would.
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../support/cli';
import { baseUrl, databaseUrl, sql } from './support';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const SECRET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const pick = (alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');

/** The key with one character changed at `at`, to the `step`-th other character of its alphabet. */
function nearMiss(key: string, at: number, step: number): string {
  const alphabet = at < 12 ? BASE32 : SECRET;
  const was = key[at] ?? '';
  const other = alphabet[(alphabet.indexOf(was) + step) % alphabet.length] ?? 'a';
  return `${key.slice(0, at)}${other}${key.slice(at + 1)}`;
}

async function status(key: string, client = '203.0.113.1'): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${baseUrl()}/api/v1/models`, {
    headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': client },
  });
  const body = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: body.error?.code };
}

describe('R19: API keys', () => {
  it('1,000 wrong keys refused alike; a revocation and an expiry hold from the next request', async ({
    task,
  }) => {
    const env = { DATABASE_URL: databaseUrl() };
    const created = await runCli('keys-create', ['--name', 'R19 backend', '--platform', '--json'], { env });
    expect(created.code, created.stderr).toBe(0);
    const { key, prefix } = jsonOf<{ key: string; prefix: string }>(created);
    expect(await status(key)).toEqual({ status: 200, code: undefined });

    const wrong: string[] = [];
    for (let i = 0; i < 500; i++) wrong.push(`mrk_${pick(BASE32, 8)}_${pick(SECRET, 43)}`);
    // Near misses: the real key with one character changed, at every position of its prefix and its secret.
    const positions = [
      4,
      5,
      6,
      7,
      8,
      9,
      10,
      11,
      ...Array.from({ length: key.length - 13 }, (_, i) => 13 + i),
    ];
    for (let i = 0; i < 300; i++) {
      const at = positions[i % positions.length] ?? 4;
      wrong.push(nearMiss(key, at, 1 + Math.floor(i / positions.length)));
    }
    // Malformed: the real prefix with a secret of the wrong length, or the whole key with more after it.
    for (let i = 0; i < 200; i++) {
      wrong.push(i % 2 ? `${prefix}_${pick(SECRET, 5 + (i % 37))}` : `${key}${pick(SECRET, 1 + (i % 5))}`);
    }
    expect(new Set(wrong).size).toBeGreaterThan(990);
    expect(wrong).not.toContain(key);
    // From 25 clients, 40 each: under the per-address limit, so every one is looked up and refused as wrong.
    const answers: { status: number; code?: string }[] = [];
    for (let i = 0; i < wrong.length; i += 25) {
      const batch = wrong.slice(i, i + 25);
      answers.push(...(await Promise.all(batch.map((k, j) => status(k, `203.0.113.${100 + j}`)))));
    }
    const refused = answers.filter((a) => a.status === 401 && a.code === 'invalid_api_key').length;
    expect(refused).toBe(wrong.length);

    // One client past the limit: its 51st wrong key, and then even the right one, get 429; another client does not.
    const flood = '198.51.100.7';
    const flooded: number[] = [];
    for (let i = 0; i < 55; i++)
      flooded.push((await status(`mrk_${pick(BASE32, 8)}_${pick(SECRET, 43)}`, flood)).status);
    expect(flooded.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(flooded.slice(50)).toEqual([429, 429, 429, 429, 429]);
    expect(await status(key, flood)).toEqual({ status: 429, code: 'too_many_failed_keys' });
    expect((await status(key, '198.51.100.8')).status).toBe(200);

    // Revoked by another process: the server, which keeps nothing of the key, refuses its next request.
    expect((await status(key)).status).toBe(200);
    const revoked = await runCli('keys-revoke', [prefix], { env });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(await status(key)).toEqual({ status: 401, code: 'invalid_api_key' });

    const other = jsonOf<{ key: string; prefix: string }>(
      await runCli('keys-create', ['--name', 'R19 expiring', '--platform', '--expires', '30d', '--json'], {
        env,
      }),
    );
    expect((await status(other.key)).status).toBe(200);
    const db = sql();
    try {
      await db`update api_keys set expires_at = now() - interval '1 second' where prefix = ${other.prefix}`;
    } finally {
      await db.end();
    }
    expect(await status(other.key)).toEqual({ status: 401, code: 'invalid_api_key' });
    task.meta.cases = wrong.length + 63;
    task.meta.faults = wrong.length + 57; // every wrong key, the flood, the revoked key and the expired one
  });
});
