// R17: requests that used to answer 500 where the README promises none. An undecodable model path, a server-action
// payload nested 50,000 deep, an id past Postgres's int4 range and two "make default" edits racing each other: each
// gets a clear 4xx, `invalid` or `conflict`, and nothing is written by the refused ones.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ActionRef,
  baseUrl,
  callAction,
  fingerprint,
  people,
  serverActions,
  sessionCookie,
  sql,
  userId,
} from './support';

let admin: string;
let actions: ActionRef[];
const named = (name: string) => actions.find((a) => a.name === name) as ActionRef;

beforeAll(async () => {
  admin = await sessionCookie({ id: await userId(people().admin.email), role: 'admin' });
  actions = serverActions();
});

describe('R17: no 500 for hostile paths, payloads and ids', () => {
  it('undecodable /api/v1/models and /api/auth paths answer 4xx in the API error shape', async ({ task }) => {
    const paths = [
      '/api/v1/models/%ff%fe',
      '/api/v1/models/%',
      '/api/v1/models/%E0%A4%A',
      '/api/v1/models/a%zz',
      '/api/auth/%ff',
      '/api/auth/callback/%',
    ];
    for (const path of paths) {
      const response = await fetch(`${baseUrl()}${path}`);
      const text = await response.text();
      expect(response.status, `${path}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(JSON.parse(text).error.message, path).toEqual(expect.any(String));
    }
    task.meta.cases = paths.length;
    task.meta.faults = paths.length;
  });

  it('a server-action payload nested 50,000 deep is refused with a 4xx, nothing written', async ({
    task,
  }) => {
    const before = await fingerprint();
    const depth = 50_000;
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const action = named('updateModelAction');
    for (const body of [`[null,${nested}]`, `[null,{"id":1,"x":${nested}}]`]) {
      const response = await fetch(`${baseUrl()}${action.page}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Next-Action': action.id,
          'Content-Type': 'text/plain;charset=UTF-8',
          Accept: 'text/x-component',
          Origin: baseUrl(),
          Cookie: admin,
        },
        body,
      });
      const text = await response.text();
      expect(response.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect(response.status, text.slice(0, 300)).toBeLessThan(500);
    }
    // An ordinary payload still reaches the action (the depth check refuses depth, not actions).
    const fine = await callAction(action, { id: 'x', version: 1 }, { Cookie: admin });
    expect(fine.status).toBe(200);
    expect(fine.body).toMatch(/"invalid"/);
    expect(await fingerprint()).toBe(before);
    task.meta.cases = 3;
    task.meta.faults = 2;
  });

  it('ids past the int4 range are `invalid` in every action that takes an id, nothing written', async ({
    task,
  }) => {
    const before = await fingerprint();
    const big = 2_147_483_648;
    const cases: [string, unknown][] = [
      ['updateModelAction', { id: big, version: 1, displayName: 'x' }],
      ['updateModelAction', { id: String(big), version: 1, displayName: 'x' }],
      ['updateModelAction', { id: 1, version: big, displayName: 'x' }],
      ['deleteModelAction', { id: big, version: 1 }],
      ['deleteModelAction', { id: 1, version: big }],
      ['setStatusAction', { id: big, status: 'active' }],
      ['applyBulkAction', { target: { kind: 'ids', ids: [1, big] }, changes: { status: 'active' } }],
      ['previewBulkAction', { target: { kind: 'ids', ids: [big] }, changes: { status: 'active' } }],
    ];
    for (const [name, input] of cases) {
      const result = await callAction(named(name), input, { Cookie: admin });
      expect(result.status, name).toBe(200);
      expect(result.body, `${name} ${JSON.stringify(input)}: ${result.body.slice(0, 300)}`).toMatch(
        /"status":"invalid"/,
      );
    }
    expect(await fingerprint()).toBe(before);
    task.meta.cases = cases.length;
    task.meta.faults = cases.length;
  });

  it('two simultaneous "make default" edits of one type: one wins, the other is a conflict', async ({
    task,
  }) => {
    const db = sql();
    const rounds = 12;
    const outcomes: string[] = [];
    try {
      const edit = named('updateModelAction');
      for (let round = 0; round < rounds; round++) {
        // Two active models of the commonest type that are not its default, both made default at once.
        const pair = await db<{ id: number; version: number; type: string }[]>`
          select id, version, type from models
          where type = (select type from models where retired_at is null group by type
                        order by count(*) desc limit 1)
            and retired_at is null and status = 'active' and not is_default
          order by random() limit 2`;
        expect(pair.length).toBe(2);
        const results = await Promise.all(
          pair.map((row) =>
            callAction(edit, { id: row.id, version: row.version, isDefault: true }, { Cookie: admin }),
          ),
        );
        for (const result of results) {
          expect(result.status).toBe(200);
          const status = /"status":"(\w+)"/.exec(result.body)?.[1] ?? '?';
          outcomes.push(status);
          expect(['ok', 'conflict'], result.body.slice(0, 300)).toContain(status);
        }
        expect(results.some((r) => r.body.includes('"status":"ok"'))).toBe(true);
        const [row] = await db<{ defaults: number }[]>`
          select count(*)::int as defaults from models where is_default and type = ${pair[0]!.type}`;
        expect(row?.defaults).toBe(1);
      }
    } finally {
      await db.end();
    }
    task.meta.cases = rounds * 2;
    task.meta.faults = outcomes.filter((o) => o === 'conflict').length;
  });
});
