// What an undo asks of the planner, from what a bulk edit's event recorded before (pure).
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../db/schema';
import { restoreRequest } from './undo';

const at = new Date('2026-01-01T00:00:00Z');
const current = {
  status: 'active',
  statusSource: 'admin',
  statusSetBy: 'admin:bea@example.com',
  overriddenFields: ['displayName'],
  priceSource: 'admin',
  type: 'chat',
  awaitingReviewSince: null,
  statusSetAt: at,
} as unknown as Model;

describe('restoreRequest', () => {
  it('gives a status back its recorded origin, and one recorded before set-by was kept its origin’s name', () => {
    expect(
      restoreRequest({ status: 'inactive', statusSource: 'config', statusSetBy: 'config' }, current),
    ).toEqual({ fields: {}, restore: { status: { status: 'inactive', source: 'config', setBy: 'config' } } });
    expect(restoreRequest({ status: 'inactive', statusSource: 'default' }, current).restore?.status).toEqual({
      status: 'inactive',
      source: 'default',
      setBy: 'seed',
    });
  });

  it('asks for the recorded fields and default, and keeps today’s bookkeeping the edit did not record', () => {
    expect(
      restoreRequest(
        { type: 'ocr', isDefault: true, inputPricePerMtok: '2', overriddenFields: [], reason: 'x' },
        current,
      ),
    ).toEqual({
      fields: { type: 'ocr', inputPricePerMtok: '2' },
      isDefault: true,
      // The price source did not change with the edit: today's is the one before it.
      restore: { overriddenFields: [], priceSource: 'admin' },
    });
  });

  it('puts a model back in the review queue at the time it was queued', () => {
    expect(restoreRequest({ awaitingReviewSince: '2026-02-03T04:05:06.000Z' }, current)).toEqual({
      fields: {},
      restore: { awaitingReviewSince: '2026-02-03T04:05:06.000Z' },
    });
  });
});
