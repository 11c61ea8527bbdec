// GET /api/health — database reachable, migrations current, model count, last seed run; 200 or 503.
import { getServerDb } from '@/db/server';
import { healthResponse } from '@/lib/api/models';

export const dynamic = 'force-dynamic';

export function GET() {
  return healthResponse({ db: getServerDb });
}
