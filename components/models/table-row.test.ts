import { describe, expect, it } from 'vitest';
import { packRow, type TableRow, unpackRow } from './table-row';

const plain: TableRow = {
  id: 7,
  provider: 'mistral',
  modelId: 'mistral-small-2506',
  displayName: 'Mistral Small',
  aliases: ['mistral-small-latest'],
  type: 'chat',
  status: 'active',
  origin: 'set by admin@example.com',
  contextLength: null,
};

const everything: Required<TableRow> = {
  ...plain,
  contextLength: 131072,
  description: 'Small and fast.',
  pinned: true,
  inputPrice: '0.100000',
  outputPrice: '0.300000',
  priceSource: 'provider',
  isDefault: true,
  manual: true,
  edited: 'Display name',
  deprecation: '2027-01-01T00:00:00.000Z',
  deprecationReplacement: 'mistral-small-2509',
  deprecationState: 'upcoming',
  defaultReplacement: { modelId: 'mistral-small-2509', version: 4 },
  retired: true,
  awaitingReviewSince: '2026-12-01T00:00:00.000Z',
  lastChanged: { by: 'seed', at: '2026-12-02T00:00:00.000Z' },
  groupKey: 'mistral-small',
  access: { groups: ['all'], teams: ['search'] },
};

describe('packed table rows', () => {
  it('give back the row they were packed from, every field and none added', () => {
    expect(unpackRow(packRow(everything))).toEqual(everything);
    expect(unpackRow(packRow(plain))).toEqual(plain);
    // Through JSON, as the page sends them: an unknown context length stays null, nothing else appears.
    expect(unpackRow(JSON.parse(JSON.stringify(packRow(plain))))).toStrictEqual(plain);
  });

  it('end at their last present field and carry no field names', () => {
    const packed = packRow(plain);
    // Nothing after origin: the unknown context length (null) is left off too, and comes back as null.
    expect(packed).toEqual([
      7,
      'mistral',
      'mistral-small-2506',
      'Mistral Small',
      ['mistral-small-latest'],
      'chat',
      'active',
      'set by admin@example.com',
    ]);
    expect(JSON.stringify(packed)).not.toContain('displayName');
    expect(JSON.stringify(packRow(everything)).length).toBeLessThan(JSON.stringify(everything).length * 0.8);
  });
});
