// One audit event per item: what happened, to what, by whom and when, and its before → after in words.
import type { ReactNode } from 'react';
import { RelativeTime } from '@/components/ui/relative-time';
import { actorLabel, type ChangeLine, type ShownValue } from '@/lib/registry/audit/labels';

export type EventItem = {
  id: number;
  label: string;
  /** What the event is about; none on a page about one model. */
  subject?: ReactNode;
  actor: string;
  at: Date;
  changes: ChangeLine[];
};

/** A value: words, or a list as chips (an empty list is "none"). */
function Value({ value, className }: { value: ShownValue; className: string }) {
  if (typeof value === 'string') return <span className={className}>{value}</span>;
  if (value.length === 0) return <span className={className}>none</span>;
  return (
    <span className="inline-flex flex-wrap gap-1 align-middle">
      {value.map((item, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: a recorded list may repeat an item; its place is its key
          key={i}
          className={`rounded border border-slate-200 bg-slate-50 px-1.5 py-px font-mono text-[11px] ${className}`}
        >
          {item}
        </span>
      ))}
    </span>
  );
}

function Change({ line }: { line: ChangeLine }) {
  if (line.field === '') return <li className="text-slate-500">{String(line.after ?? line.before ?? '')}</li>;
  return (
    <li className="break-words">
      <span className="text-slate-500">{line.field}:</span>{' '}
      {line.before !== null && line.after !== null ? (
        <>
          <Value value={line.before} className="text-slate-700" /> →{' '}
          <Value value={line.after} className="font-medium text-slate-900" />
        </>
      ) : (
        <Value value={line.after ?? line.before ?? ''} className="text-slate-900" />
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
            {event.subject && <span className="min-w-0 break-all">{event.subject}</span>}
            <span className="text-slate-600">
              by{' '}
              <span className="break-all" title={event.actor}>
                {actorLabel(event.actor)}
              </span>
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
