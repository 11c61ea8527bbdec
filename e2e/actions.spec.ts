// Server actions are public POST endpoints: called directly, with the action id taken from the build, they refuse
// anyone who is not a signed-in admin and write nothing.
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { callAction, modelRow, STATE, statusOf } from './support';

const target = { kind: 'filter', filter: {} };

for (const who of ['signed out', 'viewer', 'forged token'] as const) {
  test(`${who}: every models action refuses and writes nothing`, async ({ baseURL }) => {
    const context = await playwrightRequest.newContext({
      baseURL,
      ...(who === 'viewer' ? { storageState: STATE.viewer } : {}),
      ...(who === 'forged token'
        ? {
            extraHTTPHeaders: {
              Cookie: 'authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.forged.token.value.x',
            },
          }
        : {}),
    });
    const before = await statusOf(['codestral-latest', 'mistral-small-latest']);
    const model = await modelRow('codestral-latest');
    for (const [name, input] of [
      ['setStatusAction', { id: 1, status: before['codestral-latest'] === 'active' ? 'inactive' : 'active' }],
      ['applyBulkAction', { target, changes: { status: 'active' } }],
      ['applyBulkAction', { target, changes: { status: 'inactive', type: 'other' } }],
      ['updateModelAction', { id: model.id, version: model.version, displayName: 'Hijacked' }],
      ['deleteModelAction', { id: model.id, version: model.version }],
      ['undoBulkAction', { bulkEdit: '00000000-0000-4000-8000-000000000000' }],
      [
        'createModelAction',
        { provider: 'mistral', modelId: 'intruder', displayName: 'x', type: 'chat', status: 'active' },
      ],
    ] as const) {
      const result = await callAction(context, name, input);
      // Either the proxy redirects a signed-out caller (303/307), or the action answers "forbidden".
      // The viewer is signed in: the proxy lets it through, so the action itself must refuse.
      if (who !== 'viewer' && result.status >= 300 && result.status < 400) continue;
      expect(result.status, `${who} ${name}`).toBe(200);
      expect(result.body, `${who} ${name}`).toContain('"forbidden"');
    }
    expect(await statusOf(['codestral-latest', 'mistral-small-latest'])).toEqual(before);
    expect(await modelRow('codestral-latest')).toEqual(model);
    expect(await modelRow('intruder')).toEqual({});
    await context.dispose();
  });
}

test.describe('as an admin, called directly', () => {
  test('a pinned status change, an oversized selection and malformed input are refused with clear errors', async ({
    baseURL,
  }) => {
    const context = await playwrightRequest.newContext({ baseURL, storageState: STATE.admin });
    const pinned = await modelRow('mistral-large-latest');
    const refused = await callAction(context, 'updateModelAction', {
      id: pinned.id,
      version: pinned.version,
      status: 'inactive',
    });
    expect(refused.body).toContain('pinned active by config');
    expect(refused.body).toContain('the UI cannot change its status');

    const oversized = await callAction(context, 'applyBulkAction', {
      target: { kind: 'ids', ids: Array.from({ length: 501 }, (_, i) => i + 1) },
      changes: { status: 'inactive' },
    });
    expect(oversized.body).toContain('"invalid"');
    expect(oversized.body).toContain('Select at most 500 models');

    const malformed = await callAction(context, 'updateModelAction', {
      id: pinned.id,
      version: pinned.version,
      displayName: 'x'.repeat(5000),
      contextLength: 'DROP TABLE models',
    });
    expect(malformed.body).toContain('"invalid"');
    expect(malformed.body).toContain('At most 200 characters.');
    expect(await modelRow('mistral-large-latest')).toEqual(pinned);
    await context.dispose();
  });

  test('a bulk edit whose filter does not parse is refused, naming the field, and writes nothing', async ({
    baseURL,
  }) => {
    const context = await playwrightRequest.newContext({ baseURL, storageState: STATE.admin });
    const before = await modelRow('codestral-latest');
    for (const [field, filter] of [
      ['type', { type: 'embeddings' }],
      ['provider', { provider: 'Mistral AI' }],
      ['status', { status: 'ACTIVE' }],
      ['capability', { capability: 'vision!' }],
      ['q', { q: 'x'.repeat(201) }],
      ['typo', { typo: 'chat' }],
    ] as const) {
      const result = await callAction(context, 'applyBulkAction', {
        target: { kind: 'filter', filter },
        changes: { outputPricePerMtok: '99' },
      });
      expect(result.body, field).toContain('"invalid"');
      expect(result.body, field).toContain(`target.filter${field === 'typo' ? '' : `.${field}`}`);
    }
    expect(await modelRow('codestral-latest')).toEqual(before);
    await context.dispose();
  });
});
