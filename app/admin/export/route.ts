// GET /admin/export — the registry's hand-made state as a JSON download (same file as models:export). Admins only:
// the route checks the session and role itself; the proxy only redirects.
import { getServerDb } from '@/db/server';
import { currentUser } from '@/lib/auth/session';
import { exportRegistry } from '@/lib/registry/transfer/export-import';

export const dynamic = 'force-dynamic';

export async function GET() {
  const user = await currentUser();
  if (!user) return new Response('Sign in first.', { status: 401 });
  if (user.role !== 'admin') return new Response('Only admins can export the registry.', { status: 403 });
  const file = await exportRegistry(await getServerDb());
  return new Response(`${JSON.stringify(file, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="model-registry-export-${file.exportedAt?.slice(0, 10)}.json"`,
      'Cache-Control': 'no-store',
    },
  });
}
