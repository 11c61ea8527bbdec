// GET /api/v1/models/{id} — one offered model; 404 for inactive, retired and unknown ids (lib/api/models.ts).
// A catch-all, because ids may contain `/` (`openrouter/openai/gpt-4o`): Next decodes each segment once, so the
// raw form and the percent-encoded one an SDK sends (`openai%2Fgpt-4o`) join to the same id.
import { getServerDb } from '@/db/server';
import { getModelResponse } from '@/lib/api/models';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string[] }> }) {
  const { id } = await params;
  return getModelResponse(request, id.join('/'), {
    db: getServerDb,
    token: process.env.REGISTRY_API_TOKEN || undefined,
  });
}
