// Shown while an admin page renders on the server (filters, paging and syncs can take a moment).
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-3">
      <div className="h-8 w-64 animate-pulse rounded bg-slate-200" />
      <div className="h-10 animate-pulse rounded bg-slate-100" />
      <div className="h-64 animate-pulse rounded bg-slate-100" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
