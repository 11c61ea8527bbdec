'use client';
// An unexpected failure while rendering an admin page: a plain explanation and a retry, never a stack trace.
// The server logged the cause; `digest` lets an operator find it.
export default function AdminError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="mt-2">
        Something went wrong on our side{error.digest ? ` (error ${error.digest})` : ''}. Nothing was changed.
        If the database is down, the page works again once it is back.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-red-900 px-3 py-1.5 font-medium text-white"
      >
        Try again
      </button>
    </div>
  );
}
