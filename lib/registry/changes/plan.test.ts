// The change planner, pure: overrides, reset, pins under each policy, one default per type, stale versions.
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../db/schema';
import { type Pin, pinKey } from '../config/pins';
import { type ChangeRequest, type PinPolicy, planChanges } from './plan';

const at = new Date('2026-01-01T00:00:00Z');
let nextId = 1;
function model(modelId: string, over: Partial<Model> = {}): Model {
  const providerValues = {
    displayName: modelId,
    description: null,
    type: 'chat',
    capabilities: [],
    contextLength: null,
    aliases: [],
    deprecation: null,
    deprecationReplacement: null,
  };
  return {
    id: nextId++,
    provider: 'mistral',
    modelId,
    ...providerValues,
    groupName: modelId,
    deprecation: null,
    status: 'inactive',
    statusSource: 'default',
    statusSetBy: 'seed',
    statusSetAt: at,
    inputPricePerMtok: null,
    outputPricePerMtok: null,
    priceSource: null,
    awaitingReviewSince: null,
    isDefault: false,
    retiredAt: null,
    source: 'provider',
    overriddenFields: [],
    providerValues,
    version: 3,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}
const pinnedActive: Pin = { status: 'active', list: 'alwaysActive', entry: 'pinned', via: 'id' };

function plan(
  items: [Model, ChangeRequest][],
  options: { policy?: PinPolicy; pins?: Map<string, Pin>; defaults?: Model[] } = {},
) {
  return planChanges({
    items: items.map(([target, request]) => ({ target, request })),
    pins: options.pins ?? new Map(),
    policy: options.policy ?? 'refuse',
    actor: 'admin:a@b.c',
    currentDefaults: options.defaults ?? [],
  });
}

describe('planChanges', () => {
  it('records a status set by a person as theirs, and a field that differs from the provider as an override', () => {
    const target = model('a');
    const { changes } = plan([[target, { status: 'active', fields: { displayName: 'House A' } }]]);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.next).toMatchObject({
      status: 'active',
      statusSource: 'admin',
      statusSetBy: 'admin:a@b.c',
      displayName: 'House A',
      overriddenFields: ['displayName'],
    });
    expect(changes[0]?.changed.sort()).toEqual(['displayName', 'status']);
  });

  it('a value equal to the provider’s is not an override; reset wins over a value sent for the same field', () => {
    const target = model('a', { displayName: 'House A', overriddenFields: ['displayName'] });
    const back = plan([[target, { fields: { displayName: 'a' } }]]).changes[0];
    expect(back?.next).toMatchObject({ displayName: 'a', overriddenFields: [] });
    const reset = plan([[target, { fields: { displayName: 'House A' }, reset: ['displayName'] }]]).changes[0];
    expect(reset?.next).toMatchObject({ displayName: 'a', overriddenFields: [] });
  });

  it('refuses or skips a status a pin decides the other way; the pin’s own status is recorded as config’s', () => {
    const pins = new Map([[pinKey('mistral', 'pinned'), pinnedActive]]);
    const target = model('pinned', { status: 'inactive', statusSource: 'admin' });
    const refused = plan([[target, { status: 'inactive' }]], { pins });
    expect(refused.changes).toEqual([]);
    const active = model('pinned', { status: 'active' });
    expect(plan([[active, { status: 'inactive' }]], { pins }).refused[0]).toMatchObject({ kind: 'pinned' });
    const skipped = plan([[active, { status: 'inactive', fields: { inputPricePerMtok: '1' } }]], {
      pins,
      policy: 'skip',
    });
    expect(skipped.skipped.map((s) => s.modelId)).toEqual(['pinned']);
    expect(skipped.changes[0]?.next).toMatchObject({ status: 'active', inputPricePerMtok: '1' });
    const back = plan([[target, { status: 'active' }]], { pins }).changes[0];
    expect(back?.next).toMatchObject({ status: 'active', statusSource: 'config' });
  });

  it('moves the default of a type, and refuses two defaults for one type', () => {
    const old = model('old', { isDefault: true });
    const next = model('next');
    const { changes } = plan([[next, { isDefault: true }]], { defaults: [old] });
    expect(changes.map((c) => [c.target.modelId, c.next.isDefault])).toEqual([
      ['next', true],
      ['old', false],
    ]);
    expect(changes[1]?.after).toMatchObject({ reason: 'next became the default chat model' });
    const two = plan([
      [model('x'), { isDefault: true }],
      [model('y'), { isDefault: true }],
    ]);
    expect(two.refused.map((r) => r.kind)).toEqual(['default', 'default']);
  });

  it('a default moved to another type stops being the default', () => {
    const target = model('d', { isDefault: true });
    expect(plan([[target, { fields: { type: 'embedding' } }]]).changes[0]?.next).toMatchObject({
      type: 'embedding',
      isDefault: false,
      overriddenFields: ['type'],
    });
  });

  it('refuses a stale version whatever the policy', () => {
    const stale = plan([[model('s'), { expectedVersion: 2, status: 'active' }]], { policy: 'skip' });
    expect(stale.refused).toEqual([
      { modelId: 's', kind: 'conflict', reason: 'someone else changed it first' },
    ]);
    expect(stale.changes).toEqual([]);
  });

  it('records who set the status before and after, so an undo can give it back', () => {
    const target = model('a', { statusSource: 'default', statusSetBy: 'seed' });
    const change = plan([[target, { status: 'active' }]]).changes[0];
    expect(change?.before).toEqual({ status: 'inactive', statusSource: 'default', statusSetBy: 'seed' });
    expect(change?.after).toEqual({ status: 'active', statusSource: 'admin', statusSetBy: 'admin:a@b.c' });
    expect(change?.changed).toEqual(['status']);
  });
});

describe('planChanges restoring recorded values (undo)', () => {
  it('gives a status back its recorded origin, not the undoing admin’s', () => {
    const target = model('a', { status: 'active', statusSource: 'admin', statusSetBy: 'admin:a@b.c' });
    const change = plan([
      [target, { restore: { status: { status: 'inactive', source: 'default', setBy: 'seed' } } }],
    ]).changes[0];
    expect(change?.restored).toBe(true);
    expect(change?.next).toMatchObject({ status: 'inactive', statusSource: 'default', statusSetBy: 'seed' });
    expect(change?.after).toEqual({ status: 'inactive', statusSource: 'default', statusSetBy: 'seed' });
  });

  it('a restored status a pin now decides the other way is skipped or refused like any other', () => {
    const pins = new Map([[pinKey('mistral', 'p'), pinnedActive]]);
    const target = model('p', { status: 'active', statusSource: 'config', statusSetBy: 'config' });
    const request = {
      restore: { status: { status: 'inactive' as const, source: 'admin' as const, setBy: 'x' } },
    };
    expect(plan([[target, request]], { pins, policy: 'skip' }).skipped.map((s) => s.modelId)).toEqual(['p']);
    expect(plan([[target, request]], { pins }).refused[0]).toMatchObject({ kind: 'pinned' });
  });

  it('puts back the override list, the price source and the wait for review exactly as recorded', () => {
    const waited = '2026-01-02T00:00:00.000Z';
    const target = model('a', {
      type: 'other',
      overriddenFields: ['type'],
      inputPricePerMtok: '1.5',
      priceSource: 'admin',
      providerValues: {
        displayName: 'a',
        description: null,
        type: 'chat',
        capabilities: [],
        contextLength: null,
        aliases: [],
        deprecation: null,
        deprecationReplacement: null,
        price: { input: '2', output: null, source: 'provider' },
      },
    });
    const change = plan([
      [
        target,
        {
          fields: { type: 'embedding', inputPricePerMtok: '3' },
          restore: { overriddenFields: ['type'], priceSource: 'provider', awaitingReviewSince: waited },
        },
      ],
    ]).changes[0];
    // A person's request would drop the override (no: embedding ≠ chat keeps it) and call the price an admin's.
    expect(change?.next).toMatchObject({
      type: 'embedding',
      inputPricePerMtok: '3',
      overriddenFields: ['type'],
      priceSource: 'provider',
      awaitingReviewSince: new Date(waited),
    });
    expect(change?.after).toMatchObject({ priceSource: 'provider', awaitingReviewSince: waited });
    expect(change?.before).toMatchObject({ priceSource: 'admin', awaitingReviewSince: null });
  });

  it('a restored status does not count as a review, and nothing to restore is already so', () => {
    const target = model('a', {
      status: 'active',
      statusSource: 'admin',
      statusSetBy: 'admin:a@b.c',
      awaitingReviewSince: at,
    });
    const change = plan([
      [target, { restore: { status: { status: 'inactive', source: 'default', setBy: 'seed' } } }],
    ]).changes[0];
    expect(change?.next.awaitingReviewSince).toEqual(at);
    const same = plan([
      [target, { restore: { status: { status: 'active', source: 'admin', setBy: 'admin:a@b.c' } } }],
    ]);
    expect(same.changes).toEqual([]);
    expect(same.alreadySo).toHaveLength(1);
  });
});
