// GET /api/v1/models — the OpenAI-compatible list of models clients may use (lib/api/models.ts).
import { getServerDb } from '@/db/server';
import { listModelsResponse } from '@/lib/api/models';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return listModelsResponse(request, { db: getServerDb, token: process.env.REGISTRY_API_TOKEN || undefined });
}
