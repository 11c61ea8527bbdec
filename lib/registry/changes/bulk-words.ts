// How a bulk edit and its undo are put into words for people (the dialog, the result toasts): counts with their noun
// ("1 model", "3 models"), never field keys. Pure: client components and the server actions import it.

import { type BulkChanges, describeBulkChanges } from '../model/fields';
import type { BulkResult } from './bulk-edit';
import type { UndoResult } from './undo';

/** "1 model", "3 models". */
export function countOf(count: number, noun = 'model', plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

/** The toast after a bulk edit: "3 models set to inactive; 1 already so; 0 pinned skipped." */
export function describeBulkResult(result: BulkResult, changes: BulkChanges): string {
  return `${countOf(result.changed)} set to ${describeBulkChanges(changes)}; ${result.alreadySo} already so; ${result.pinnedSkipped} pinned skipped.`;
}

/** The toast after an undo: what came back, and what was left as it is and why. */
export function describeUndoResult(result: UndoResult): string {
  if (result.alreadyUndone) return 'This bulk edit was already undone; nothing changed.';
  const one = result.undone === 1;
  const parts = [
    result.undone > 0
      ? `Undone: ${countOf(result.undone)} ${one ? 'is' : 'are'} back as ${one ? 'it was' : 'they were'}.`
      : 'Nothing was undone.',
  ];
  const since = result.changedSince.length;
  if (since > 0)
    parts.push(`${countOf(since)} changed since; left as ${since === 1 ? 'it is' : 'they are'}.`);
  const pinned = result.pinned.length;
  if (pinned > 0)
    parts.push(`${countOf(pinned)} pinned by config kept ${pinned === 1 ? 'its' : 'their'} status.`);
  return parts.join(' ');
}
