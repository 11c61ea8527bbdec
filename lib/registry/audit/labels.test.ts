import { describe, expect, it } from 'vitest';
import { actorLabel, describeChangedFields, describeEventChanges } from './labels';

describe('describeEventChanges', () => {
  it('names fields as people read them and shows lists, empties and booleans in words', () => {
    expect(
      describeEventChanges(
        'updated',
        { displayName: 'Codestral', aliases: ['a', 'b'], description: null, isDefault: false },
        { displayName: 'Codestral (house)', aliases: [], description: 'Ours', isDefault: true },
      ),
    ).toEqual([
      { field: 'Display name', before: 'Codestral', after: 'Codestral (house)' },
      { field: 'Description', before: 'none', after: 'Ours' },
      { field: 'Aliases', before: ['a', 'b'], after: [] },
      { field: 'Default for its type', before: 'no', after: 'yes' },
    ]);
  });

  it('keeps a created event short: the main fields, and how many others', () => {
    // Keys in jsonb's order (shortest first), lines in the order people read a model's fields.
    const lines = describeEventChanges('created', null, {
      type: 'chat',
      status: 'inactive',
      statusSource: 'default',
      displayName: 'Mistral Large',
      capabilities: ['vision'],
      contextLength: 128000,
      aliases: [],
    });
    expect(lines).toEqual([
      { field: 'Display name', before: null, after: 'Mistral Large' },
      { field: 'Type', before: null, after: 'chat' },
      { field: 'Status', before: null, after: 'inactive' },
      { field: 'Status source', before: null, after: 'default' },
      { field: '', before: null, after: 'and 3 more fields' },
    ]);
  });

  it('names provider-side values and unknown fields, and prints objects readably', () => {
    expect(
      describeEventChanges('updated', { 'provider.contextLength': 1 }, { 'provider.contextLength': 2 }),
    ).toEqual([{ field: 'Provider’s context length', before: '1', after: '2' }]);
    expect(describeEventChanges('updated', { someNewField: { a: 1 } }, { someNewField: 'x' })).toEqual([
      { field: 'someNewField', before: '{"a":1}', after: 'x' },
    ]);
  });
});

describe('actorLabel', () => {
  it('names admins by their email, commands by their name, the registry’s own actors in words', () => {
    expect(actorLabel('admin:ada@example.com')).toBe('ada@example.com');
    expect(actorLabel('cli:walk')).toBe('walk (CLI)');
    expect(actorLabel('cli')).toBe('CLI');
    expect(actorLabel('seed')).toBe('Sync');
    expect(actorLabel('config')).toBe('Config');
    expect(actorLabel('schedule')).toBe('Scheduled sync');
    expect(actorLabel('something-new')).toBe('something-new');
  });
});

describe('lists and bookkeeping in an event', () => {
  it('gives lists as items (shown as chips), not joined text or JSON', () => {
    expect(
      describeEventChanges('updated', { capabilities: ['vision'] }, { capabilities: ['tools', 'vision'] }),
    ).toEqual([{ field: 'Capabilities', before: ['vision'], after: ['tools', 'vision'] }]);
  });

  it('names who set a status, and keeps an operation’s marks out of the lines', () => {
    expect(
      describeEventChanges(
        'undone',
        { status: 'active', statusSetBy: 'admin:bea@example.com' },
        { status: 'inactive', statusSetBy: 'seed', undoes: 'c0ffee', reason: 'Undo of a bulk edit' },
      ),
    ).toEqual([
      { field: 'Status', before: 'active', after: 'inactive' },
      { field: 'Status set by', before: 'bea@example.com', after: 'Sync' },
      { field: 'Reason', before: null, after: 'Undo of a bulk edit' },
    ]);
    expect(describeEventChanges('updated', { priceSource: 'admin' }, { priceSource: 'provider' })).toEqual([
      { field: 'Price source', before: 'admin', after: 'provider' },
    ]);
    expect(
      describeEventChanges('status_changed', { status: 'active' }, { status: 'inactive', bulkEdit: 'x' }),
    ).toEqual([{ field: 'Status', before: 'active', after: 'inactive' }]);
  });
});

describe('describeChangedFields', () => {
  it('says what changed in field labels, never field keys', () => {
    expect(describeChangedFields([])).toBe('Nothing to change.');
    expect(describeChangedFields(['displayName'])).toBe('Display name changed.');
    expect(describeChangedFields(['displayName', 'inputPricePerMtok', 'isDefault'])).toBe(
      'Display name, input price per 1M tokens and default for its type changed.',
    );
    expect(describeChangedFields(['status', 'reviewed'])).toBe('Status changed; marked reviewed.');
    expect(describeChangedFields(['reviewed'])).toBe('Marked reviewed.');
  });
});

describe('unchanged bookkeeping', () => {
  it('leaves out a field recorded on both sides with the same value', () => {
    expect(
      describeEventChanges(
        'status_changed',
        { status: 'active', statusSource: 'admin', statusSetBy: 'admin:ada@example.com' },
        { status: 'inactive', statusSource: 'admin', statusSetBy: 'admin:ada@example.com' },
      ),
    ).toEqual([{ field: 'Status', before: 'active', after: 'inactive' }]);
  });
});
