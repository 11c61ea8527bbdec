// A model's history: every audit event, newest first (who, when, what, before → after).
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import { ACTION_LABELS } from '@/lib/registry/event-labels';
import { modelHistory } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Model history' };

function show(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export default async function HistoryPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const { model, events } = await modelHistory(await getServerDb(), id);
  if (!model) notFound();
  return (
    <div className="space-y-4">
      <a href="/admin/models" className="text-sm underline">
        ← Models
      </a>
      <h1 className="text-2xl font-semibold tracking-tight">History of {model.displayName}</h1>
      <p className="font-mono text-sm text-slate-500">
        {model.provider}/{model.modelId}
      </p>
      <ol aria-label="Events" className="space-y-2">
        {events.map((event) => {
          const keys = [...new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})])];
          return (
            <li key={event.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
              <div className="flex flex-wrap items-baseline gap-2">
                <strong>{ACTION_LABELS[event.action]}</strong>
                <span className="text-slate-600">by {event.actor}</span>
                <time className="ml-auto text-xs text-slate-500" dateTime={event.createdAt.toISOString()}>
                  {event.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC
                </time>
              </div>
              <ul className="mt-1 space-y-0.5 font-mono text-xs text-slate-700 [overflow-wrap:anywhere]">
                {keys.map((key) => (
                  <li key={key}>
                    {key}: {show(event.before?.[key])} → {show(event.after?.[key])}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
