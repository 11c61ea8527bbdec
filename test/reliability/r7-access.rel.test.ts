// R7: every server action in the build and every admin route, called directly over HTTP signed out, as a viewer,
// with a forged token and with an expired one: refused, and not one row written. An admin's call goes through,
// which proves the calls reach the actions.
import { describe, expect, it } from 'vitest';
import {
  type ActionRef,
  baseUrl,
  callAction,
  fingerprint,
  people,
  SESSION_COOKIE,
  serverActions,
  sessionCookie,
  sql,
  userId,
} from './support';

/** A valid input for each admin action, so a refusal can only be about who is asking. */
async function validInputs(): Promise<Record<string, unknown>> {
  const db = sql();
  try {
    const [model] = await db<{ id: number; version: number; status: string }[]>`
      select id, version, status from models where model_id = 'codestral-2508'`;
    if (!model) throw new Error('fixture');
    const flip = model.status === 'active' ? 'inactive' : 'active';
    return {
      setStatusAction: { id: model.id, status: flip },
      // A read, but of what only an admin edits: a viewer must not get the edit dialog's model.
      loadEditableModelAction: { id: model.id },
      previewBulkAction: { target: { kind: 'filter', filter: {} }, changes: { status: flip } },
      applyBulkAction: { target: { kind: 'filter', filter: {} }, changes: { status: flip } },
      updateModelAction: { id: model.id, version: model.version, displayName: 'Taken over' },
      createModelAction: {
        provider: 'mistral',
        modelId: 'intruder-1',
        displayName: 'x',
        type: 'chat',
        status: 'active',
      },
      deleteModelAction: { id: model.id, version: model.version },
      moveDefaultToReplacementAction: { id: model.id, version: model.version },
      // A well-formed id is enough: the refusal must come before the edit is even looked up.
      undoBulkAction: { bulkEdit: '00000000-0000-4000-8000-000000000000' },
      syncAction: { apply: true },
      // Users: a viewer promoting themselves, resetting the admin's password, adding or removing an account.
      addAccountAction: { email: 'intruder@rel.test', role: 'admin' },
      changeRoleAction: { email: people().viewer.email, role: 'admin' },
      resetPasswordAction: { email: people().admin.email },
      removeAccountAction: { email: people().viewer.email },
      // Keys: a viewer minting a platform key, or revoking or rotating one (the refusal comes before the lookup).
      createKeyAction: { name: 'intruder', kind: 'platform', expires: '30d' },
      revokeKeyAction: { prefix: 'mrk_aaaaaaaa' },
      rotateKeyAction: { prefix: 'mrk_aaaaaaaa' },
      // Groups and teams: a viewer granting itself every model through a new group and team, or deleting them.
      previewGroupAction: { mode: 'create', slug: 'intruder', name: 'x', ids: '*' },
      saveGroupAction: { mode: 'create', slug: 'intruder', name: 'x', ids: '*' },
      deleteGroupAction: { slug: 'intruder' },
      saveTeamAction: { mode: 'create', slug: 'intruder', name: 'x', groups: ['all'] },
      deleteTeamAction: { slug: 'intruder' },
    };
  } finally {
    await db.end();
  }
}

const PUBLIC_ACTIONS = new Set(['signInAction', 'signOutAction']);
/** Reads every signed-in person may make, as the pages they serve: refused to anyone not signed in. */
const READ_ACTIONS = new Set(['loadAccessChoicesAction']);

describe('R7: direct calls by anyone but an admin', () => {
  it('every admin server action refuses signed-out, viewer, forged and expired callers and writes nothing', async ({
    task,
  }) => {
    const actions = serverActions().filter((a) => !PUBLIC_ACTIONS.has(a.name) && !READ_ACTIONS.has(a.name));
    const names = new Set(actions.map((a) => a.name));
    // Every read a viewer may make is in the build (a renamed one must not slip into neither list).
    expect(serverActions().filter((a) => READ_ACTIONS.has(a.name))).toHaveLength(READ_ACTIONS.size);
    // The build holds every action this product defines; a new one must be added to validInputs().
    expect([...names].sort()).toEqual(
      [
        'addAccountAction',
        'applyBulkAction',
        'changeRoleAction',
        'createKeyAction',
        'createModelAction',
        'deleteGroupAction',
        'deleteModelAction',
        'deleteTeamAction',
        'loadEditableModelAction',
        'moveDefaultToReplacementAction',
        'previewBulkAction',
        'previewGroupAction',
        'removeAccountAction',
        'resetPasswordAction',
        'revokeKeyAction',
        'rotateKeyAction',
        'saveGroupAction',
        'saveTeamAction',
        'setStatusAction',
        'syncAction',
        'undoBulkAction',
        'updateModelAction',
      ].sort(),
    );
    const inputs = await validInputs();
    const viewer = await sessionCookie({ id: await userId(people().viewer.email), role: 'viewer' });
    const adminId = await userId(people().admin.email);
    const callers: [string, Record<string, string>][] = [
      ['signed out', {}],
      ['viewer', { Cookie: viewer }],
      [
        'viewer claiming admin in a token signed with another secret',
        {
          Cookie: await sessionCookie(
            { id: adminId, role: 'admin' },
            { secret: 'not-the-server-secret-0123456789abcdef' },
          ),
        },
      ],
      [
        'garbage token',
        { Cookie: `${SESSION_COOKIE}=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.token.value.x` },
      ],
      [
        'expired admin token',
        { Cookie: await sessionCookie({ id: adminId, role: 'admin' }, { maxAge: -60 }) },
      ],
    ];
    const before = await fingerprint();
    let calls = 0;
    for (const action of actions) {
      for (const [who, headers] of callers) {
        const result = await callAction(action, inputs[action.name], headers);
        calls++;
        const refused =
          (result.status >= 300 && result.status < 400) || // the proxy sends signed-out callers to /login
          result.body.includes('"forbidden"');
        expect(refused, `${who} → ${action.name}: ${result.status} ${result.body.slice(0, 200)}`).toBe(true);
        expect(result.body).not.toContain('"ok"');
      }
    }
    expect(await fingerprint()).toBe(before);

    // The same harness as an admin reaches the action (a harmless preview): the refusals above were about identity.
    const admin = await sessionCookie({ id: adminId, role: 'admin' });
    const preview = actions.find((a) => a.name === 'previewBulkAction') as ActionRef;
    const allowed = await callAction(preview, inputs.previewBulkAction, { Cookie: admin });
    expect(allowed.body).toContain('"ok"');
    task.meta.cases = calls + 1;
    task.meta.faults = calls;
  });

  it('the readers’ actions refuse signed-out, forged and expired callers and answer a viewer', async ({
    task,
  }) => {
    const adminId = await userId(people().admin.email);
    const viewer = await sessionCookie({ id: await userId(people().viewer.email), role: 'viewer' });
    let cases = 0;
    const readers = serverActions().filter((a) => READ_ACTIONS.has(a.name));
    expect(readers.map((a) => a.name).sort()).toEqual([...READ_ACTIONS].sort());
    for (const action of readers) {
      for (const [who, headers] of [
        ['signed out', {}],
        [
          'forged',
          {
            Cookie: await sessionCookie(
              { id: adminId, role: 'admin' },
              { secret: 'not-the-server-secret-0123456789abcdef' },
            ),
          },
        ],
        [
          'garbage token',
          { Cookie: `${SESSION_COOKIE}=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.token.value.x` },
        ],
        ['expired', { Cookie: await sessionCookie({ id: adminId, role: 'admin' }, { maxAge: -60 }) }],
      ] as const) {
        const result = await callAction(action, {}, headers);
        cases++;
        const refused = (result.status >= 300 && result.status < 400) || result.body.includes('"forbidden"');
        expect(refused, `${who} → ${action.name}: ${result.status} ${result.body.slice(0, 200)}`).toBe(true);
        expect(result.body).not.toContain('"ok"');
      }
      const answered = await callAction(action, {}, { Cookie: viewer });
      expect(answered.body, action.name).toContain('"ok"');
    }
    task.meta.cases = cases + READ_ACTIONS.size;
    task.meta.faults = cases;
  });

  it('admin pages and the export route refuse signed-out, viewer, forged and expired callers', async ({
    task,
  }) => {
    const adminId = await userId(people().admin.email);
    const viewer = await sessionCookie({ id: await userId(people().viewer.email), role: 'viewer' });
    const forged = await sessionCookie(
      { id: adminId, role: 'admin' },
      { secret: 'another-secret-0123456789abcdef0123' },
    );
    const expired = await sessionCookie({ id: adminId, role: 'admin' }, { maxAge: -60 });
    const get = (path: string, cookie?: string) =>
      fetch(`${baseUrl()}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
    let cases = 0;
    for (const path of [
      '/',
      '/admin/models',
      '/admin/sync',
      '/admin/models/1/history',
      '/admin/export',
      '/admin/audit',
      '/admin/users',
    ]) {
      for (const [who, cookie] of [
        ['signed out', undefined],
        ['forged', forged],
        ['expired', expired],
      ] as const) {
        const response = await get(path, cookie);
        cases++;
        expect(response.status, `${who} ${path}`).toBeGreaterThanOrEqual(300);
        expect(response.status, `${who} ${path}`).toBeLessThan(400);
        expect(response.headers.get('location'), `${who} ${path}`).toMatch(/\/login$/);
      }
    }
    const exported = await get('/admin/export', viewer);
    cases++;
    expect(exported.status).toBe(403);
    expect(await exported.text()).not.toContain('model-registry-export');
    // The Users page is for admins: a viewer is sent to the forbidden page (a redirect, or Next's streamed one once
    // the layout's shell has gone out) and is shown no account.
    const users = await get('/admin/users', viewer);
    cases++;
    const body = await users.text();
    expect(users.headers.get('location') ?? body).toMatch(/\/forbidden/);
    expect(body).not.toContain(people().admin.email);
    task.meta.cases = cases;
    task.meta.faults = cases;
  });
});
