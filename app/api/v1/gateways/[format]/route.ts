// GET /api/v1/gateways/{litellm|librechat} — the gateway's config from the registry, for platform keys
// (lib/api/gateways.ts).
import { getServerDb } from '@/db/server';
import { gatewayConfigResponse } from '@/lib/api/gateways';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }) {
  const { format } = await params;
  return gatewayConfigResponse(request, format, {
    db: getServerDb,
    token: process.env.REGISTRY_API_TOKEN || undefined,
  });
}
