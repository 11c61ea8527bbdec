// The Sync page's Notifications section: each webhook delivery, newest first, with how it went. A list of labelled
// entries (the page keeps one table, the log), so it reads the same at 390 px.
import type { WebhookDelivery } from '@/db/schema';

const utc = (date: Date) => `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;

const OUTCOME_STYLE = {
  delivered: 'bg-emerald-100 text-emerald-800',
  pending: 'bg-slate-100 text-slate-700',
  failed: 'bg-red-100 text-red-800',
} as const;

export function DeliveryList({
  deliveries,
  target,
}: {
  deliveries: WebhookDelivery[];
  target: string | null;
}) {
  return (
    <section aria-labelledby="deliveries-heading" className="rounded-lg border border-slate-200 bg-white">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="deliveries-heading" className="text-sm font-semibold">
          Notifications
        </h2>
        <p className="text-xs text-slate-600">
          {target
            ? `Syncs and deploys that find something for a person or a gateway config not yet announced, and admins' changes to a gateway's config, are POSTed to ${target}.`
            : 'NOTIFY_WEBHOOK_URL is not set: nothing is sent. Earlier deliveries are listed.'}
        </p>
      </div>
      {deliveries.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">No notification has been sent yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {deliveries.map((d) => (
            <li key={d.id} className="space-y-1 px-4 py-3 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${OUTCOME_STYLE[d.outcome]}`}>
                  {d.outcome}
                </span>
                <span className="text-slate-700">{utc(d.createdAt)}</span>
                <span className="text-xs text-slate-500">
                  {d.trigger} · {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
                  {d.lastStatus !== null ? ` · HTTP ${d.lastStatus}` : ''}
                </span>
              </div>
              <p className="whitespace-pre-wrap text-xs text-slate-700">{d.summary}</p>
              {d.outcome === 'failed' && d.lastError && <p className="text-xs text-red-700">{d.lastError}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
