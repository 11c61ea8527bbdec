// GET /api/v1/openapi.json — the consumer API's OpenAPI 3.1 document (lib/api/openapi.ts), open to anyone: it says
// how to call the API, not what it holds.
import { openApiDocument } from '@/lib/api/openapi';
import { json } from '@/lib/api/responses';

export function GET() {
  return json(200, openApiDocument(), { 'Cache-Control': 'public, max-age=300' });
}
