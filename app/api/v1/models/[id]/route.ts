// GET /api/v1/models/{id} — one offered model; 404 for inactive, retired and unknown ids (lib/api/models.ts).
import { getServerDb } from '@/db/server';
import { getModelResponse } from '@/lib/api/models';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return getModelResponse(request, id, {
    db: getServerDb,
    token: process.env.REGISTRY_API_TOKEN || undefined,
  });
}
