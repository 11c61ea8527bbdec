// R11: cross-site posts. A signed-in admin's browser tricked into posting to a server action from another origin
// is refused by the origin check and writes nothing; the same call from the app's own origin goes through. A
// cross-site post to the sign-in endpoint without its CSRF token signs nobody in.
import { describe, expect, it } from 'vitest';
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

async function codestral() {
  const db = sql();
  try {
    const [row] = await db<{ id: number; version: number; status: 'active' | 'inactive' }[]>`
      select id, version, status from models where model_id = 'codestral-2508'`;
    if (!row) throw new Error('fixture');
    return row;
  } finally {
    await db.end();
  }
}

describe('R11: cross-site requests', () => {
  it('server actions posted from another origin are refused and write nothing; from the app they work', async ({
    task,
  }) => {
    const admin = await sessionCookie({ id: await userId(people().admin.email), role: 'admin' });
    const model = await codestral();
    const flip = model.status === 'active' ? 'inactive' : 'active';
    const inputs: Record<string, unknown> = {
      setStatusAction: { id: model.id, status: flip },
      applyBulkAction: { target: { kind: 'ids', ids: [model.id] }, changes: { status: flip } },
      updateModelAction: { id: model.id, version: model.version, displayName: 'Cross-site' },
      createModelAction: {
        provider: 'mistral',
        modelId: 'r11-csrf',
        displayName: 'x',
        type: 'chat',
        status: 'active',
      },
      deleteModelAction: { id: model.id, version: model.version },
      syncAction: { apply: true },
    };
    const actions = serverActions().filter((a) => a.name in inputs);
    expect(actions).toHaveLength(Object.keys(inputs).length);
    const port = Number(new URL(baseUrl()).port);
    const forgeries: Record<string, string>[] = [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: `http://127.0.0.1:${port + 1}` },
      { Origin: baseUrl(), 'X-Forwarded-Host': 'evil.example' },
    ];
    const before = await fingerprint();
    let attempts = 0;
    for (const action of actions) {
      for (const headers of forgeries) {
        const result = await callAction(action, inputs[action.name], { Cookie: admin, ...headers });
        attempts++;
        expect(result.body, `${action.name} from ${JSON.stringify(headers)}`).not.toContain('"ok"');
        expect(result.status === 200 && result.body.includes('"status"'), `${action.name} ran`).toBe(false);
      }
    }
    expect(await fingerprint()).toBe(before);

    // The control: from the app's own origin the same call runs (then is undone).
    const setStatus = actions.find((a) => a.name === 'setStatusAction') as ActionRef;
    const allowed = await callAction(setStatus, { id: model.id, status: flip }, { Cookie: admin });
    expect(allowed.body).toContain('"ok"');
    expect((await codestral()).status).toBe(flip);
    await callAction(setStatus, { id: model.id, status: model.status }, { Cookie: admin });
    expect((await codestral()).status).toBe(model.status);
    task.meta.cases = attempts + 1;
    task.meta.faults = attempts;
  });

  it('a cross-site sign-in post without the CSRF token signs nobody in', async ({ task }) => {
    const { email, password } = people().admin;
    const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'https://evil.example',
        'X-Forwarded-For': '10.11.0.1',
      },
      body: new URLSearchParams({ email, password }),
    });
    expect(response.headers.getSetCookie().some((c) => /session-token=[^;]/.test(c))).toBe(false);
    expect(response.headers.get('location') ?? '').toMatch(/error=MissingCSRF/);
    task.meta.cases = 1;
    task.meta.faults = 1;
  });
});
