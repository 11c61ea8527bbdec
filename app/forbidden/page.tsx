import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Admins only' };

export default function ForbiddenPage() {
  return (
    <section
      role="alert"
      className="mx-auto mt-16 max-w-md rounded-lg border border-amber-200 bg-amber-50 p-6"
    >
      <h1 className="text-lg font-semibold text-amber-900">Admins only</h1>
      <p className="mt-2 text-sm text-amber-900">
        Your account can view models but not change them. Ask an admin if you need more.
      </p>
      <a href="/admin/models" className="mt-4 inline-block text-sm font-medium underline">
        Back to the models
      </a>
    </section>
  );
}
