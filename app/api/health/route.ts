// GET /api/health — database reachable, migrations current, model count, last seed run, sign-in possible; 200 or 503.
import { getServerDb } from '@/db/server';
import { healthResponse } from '@/lib/api/models';
import { withSignInHealth } from '@/lib/api/sign-in-health';
import { signInUnavailableReason } from '@/lib/auth/secret';

export const dynamic = 'force-dynamic';

export async function GET() {
  return withSignInHealth(await healthResponse({ db: getServerDb }), signInUnavailableReason(process.env));
}
