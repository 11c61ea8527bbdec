// A model's history: every audit event, newest first (who, when, what, before → after in field labels), read the
// same way as the global audit log (one label table, one formatter: lib/registry/audit/labels.ts).
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EventList } from '@/components/audit/event-list';
import { getServerDb } from '@/db/server';
import { requireUser } from '@/lib/auth/session';
import { ACTION_LABELS, describeEventChanges } from '@/lib/registry/audit/labels';
import { modelHistory } from '@/lib/registry/reads/models-page';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Model history' };

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
      <p className="font-mono text-sm text-slate-500 [overflow-wrap:anywhere]">
        {model.provider}/{model.modelId}
      </p>
      {events.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">
          Nothing has been recorded for this model yet.
        </p>
      ) : (
        <EventList
          label="Events"
          now={new Date()}
          events={events.map((event) => ({
            id: event.id,
            label: ACTION_LABELS[event.action] ?? event.action,
            actor: event.actor,
            at: event.createdAt,
            changes: describeEventChanges(event.action, event.before, event.after),
          }))}
        />
      )}
    </div>
  );
}
