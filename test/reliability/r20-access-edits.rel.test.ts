// R20: groups and teams changed on the production server while keys use them. An admin's server actions make a
// group by rule and a team; a key made by another process (keys:create) lists exactly the group's models. Invalid
// rules (a bad pattern, an unknown provider, an unknown type, a rule taking nothing) are each refused with a clear
// message and write nothing. Deleting the group leaves the key seeing nothing (never everything), at the next
// request; deleting the team revokes the key (401).
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../support/cli';
import {
  type ActionRef,
  baseUrl,
  callAction,
  databaseUrl,
  fingerprint,
  people,
  serverActions,
  sessionCookie,
  sql,
  userId,
} from './support';

async function models(key: string): Promise<{ status: number; ids: string[] }> {
  const response = await fetch(`${baseUrl()}/api/v1/models`, {
    headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': '203.0.113.20' },
  });
  const body = (await response.json()) as { data?: { id: string }[] };
  return { status: response.status, ids: (body.data ?? []).map((m) => m.id).sort() };
}

async function offered(part: string): Promise<string[]> {
  const db = sql();
  try {
    const rows = await db<{ model_id: string }[]>`
      select model_id from models where status = 'active' and retired_at is null and provider = 'mistral'`;
    return rows
      .map((r) => r.model_id)
      .filter((id) => id.includes(part))
      .sort();
  } finally {
    await db.end();
  }
}

describe('R20: groups and teams changed while keys use them', () => {
  it('an invalid rule writes nothing; a deleted group leaves its keys nothing, a deleted team refuses them', async ({
    task,
  }) => {
    const actions = new Map(serverActions().map((a) => [a.name, a]));
    const admin = { Cookie: await sessionCookie({ id: await userId(people().admin.email), role: 'admin' }) };
    const call = (name: string, input: unknown) => callAction(actions.get(name) as ActionRef, input, admin);

    const expected = await offered('large');
    expect(expected.length).toBeGreaterThan(0);
    const group = await call('saveGroupAction', {
      mode: 'create',
      slug: 'r20-large',
      name: 'R20',
      ids: '*large*',
    });
    expect(group.body).toContain('Created group r20-large.');
    const team = await call('saveTeamAction', {
      mode: 'create',
      slug: 'r20-team',
      name: 'R20 team',
      groups: 'r20-large',
    });
    expect(team.body).toContain('Created team r20-team.');

    const env = { DATABASE_URL: databaseUrl() };
    const created = await runCli('keys-create', ['--name', 'R20', '--team', 'r20-team', '--json'], { env });
    expect(created.code, created.stderr).toBe(0);
    const { key } = jsonOf<{ key: string }>(created);
    expect(await models(key)).toEqual({ status: 200, ids: expected });

    const before = await fingerprint();
    const invalid: [Record<string, unknown>, string][] = [
      [{ ids: 'not a pattern' }, 'an id pattern is a model id'],
      [{ providers: 'nowhere' }, 'unknown provider \\"nowhere\\"'],
      [{ types: 'spaceship' }, 'Invalid option'],
      [{}, 'neither a match nor an include'],
      [{ slug: 'all', ids: '*' }, 'built-in group of every offered model'],
    ];
    for (const [fields, message] of invalid) {
      const answer = await call('saveGroupAction', {
        mode: 'create',
        slug: 'r20-bad',
        name: 'Bad',
        ...fields,
      });
      expect(answer.body, JSON.stringify(fields)).toContain('"invalid"');
      expect(answer.body).toContain(message);
    }
    // A change to the group that breaks its rule is refused too, and the key keeps its list.
    const broken = await call('saveGroupAction', {
      mode: 'change',
      slug: 'r20-large',
      name: 'R20',
      ids: '**/ /',
    });
    expect(broken.body).toContain('"invalid"');
    expect(await fingerprint()).toBe(before);
    expect(await models(key)).toEqual({ status: 200, ids: expected });

    // The group deleted: the team keeps no group, and its key sees nothing rather than everything.
    const deleted = await call('deleteGroupAction', { slug: 'r20-large' });
    expect(deleted.body).toContain('Deleted group r20-large; taken out of r20-team.');
    expect(await models(key)).toEqual({ status: 200, ids: [] });
    // The team deleted: its key is revoked with it.
    const gone = await call('deleteTeamAction', { slug: 'r20-team' });
    expect(gone.body).toContain('Deleted team r20-team; revoked its key');
    expect((await models(key)).status).toBe(401);
    task.meta.cases = invalid.length + 5;
    task.meta.faults = invalid.length + 3;
  });
});
