// One audit event per item: what happened, to what, by whom and when, and its before → after in words.
import type { ReactNode } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ChangeLine } from '@/lib/registry/event-labels';

export type EventItem = {
  id: number;
  label: string;
  subject: ReactNode;
  actor: string;
  at: Date;
  changes: ChangeLine[];
};

function Change({ line }: { line: ChangeLine }) {
  if (line.field === '') return <li className="text-slate-500">{line.after ?? line.before}</li>;
  return (
    <li className="break-words">
      <span className="text-slate-500">{line.field}:</span>{' '}
      {line.before !== null && line.after !== null ? (
        <>
          <span className="text-slate-700">{line.before}</span> →{' '}
          <span className="font-medium text-slate-900">{line.after}</span>
        </>
      ) : (
        <span className="text-slate-900">{line.after ?? line.before}</span>
      )}
    </li>
  );
}

export function EventList({ events, now, label }: { events: EventItem[]; now: Date; label: string }) {
  return (
    <ol aria-label={label} className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {events.map((event) => (
        <li key={event.id} data-event-id={event.id} className="space-y-1 px-4 py-3 text-sm">
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
            <strong className="font-semibold">{event.label}</strong>
            <span className="min-w-0 break-all">{event.subject}</span>
            <span className="text-slate-600">
              by <span className="break-all">{event.actor}</span>
            </span>
            <span className="ml-auto text-xs text-slate-500">
              <RelativeTime at={event.at} now={now} />
            </span>
          </div>
          {event.changes.length > 0 && (
            <ul className="space-y-0.5 text-xs">
              {event.changes.map((line) => (
                <Change key={line.field || 'note'} line={line} />
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
