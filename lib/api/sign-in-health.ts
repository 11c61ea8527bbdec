// Health also answers for sign-in: a server that cannot sign anyone in (no session secret) is not healthy, even
// with the database fine. Kept beside the database health so that one stays about the database.
import type { Health } from './models';

export type HealthWithSignIn = Health & { signIn: 'ready' | 'unavailable' };

/** Adds sign-in to a health answer: `unavailable` with 503 and the reason when sign-in cannot work. */
export async function withSignInHealth(health: Response, unavailable: string | null): Promise<Response> {
  const body = (await health.json()) as Health;
  const merged: HealthWithSignIn = unavailable
    ? {
        ...body,
        status: 'unavailable',
        signIn: 'unavailable',
        error: body.error
          ? `${body.error} Also, ${unavailable}.`
          : `${unavailable[0]?.toUpperCase()}${unavailable.slice(1)}.`,
      }
    : { ...body, signIn: 'ready' };
  return new Response(JSON.stringify(merged), {
    status: unavailable ? 503 : health.status,
    headers: health.headers,
  });
}
