import { describe, expect, it } from 'vitest';
import { countOf, describeBulkResult, describeUndoResult } from './bulk-words';

describe('bulk edit words', () => {
  it('counts models as people say it', () => {
    expect(countOf(0)).toBe('0 models');
    expect(countOf(1)).toBe('1 model');
    expect(countOf(3)).toBe('3 models');
  });

  it('says what a bulk edit did, in the change’s words', () => {
    const result = { changed: 1, alreadySo: 2, pinnedSkipped: 0, bulkEdit: 'x' };
    expect(describeBulkResult(result, { status: 'inactive', type: 'embedding' })).toBe(
      '1 model set to inactive, type Embedding; 2 already so; 0 pinned skipped.',
    );
  });

  it('says what an undo put back and what it left', () => {
    const base = { undone: 3, changedSince: [], pinned: [], alreadyUndone: false };
    expect(describeUndoResult(base)).toBe('Undone: 3 models are back as they were.');
    expect(describeUndoResult({ ...base, undone: 1, changedSince: ['a', 'b'], pinned: ['c'] })).toBe(
      'Undone: 1 model is back as it was. 2 models changed since; left as they are. 1 model pinned by config kept its status.',
    );
    expect(describeUndoResult({ ...base, undone: 0, changedSince: ['a'] })).toBe(
      'Nothing was undone. 1 model changed since; left as it is.',
    );
    expect(describeUndoResult({ ...base, alreadyUndone: true })).toBe(
      'This bulk edit was already undone; nothing changed.',
    );
  });
});
