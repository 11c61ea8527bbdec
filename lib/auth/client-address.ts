// Which client a sign-in attempt comes from, for the per-address limit. Each proxy in front of the app appends to
// X-Forwarded-For the address it received the request from, so only the last N entries were written by the
// N proxies the operator runs; anything to their left came from the client and can be forged. The client is the
// entry the outermost trusted proxy wrote: the N-th from the right. With no trusted proxy, no header is believed.

/** How many proxies in front of the app append to X-Forwarded-For (AUTH_TRUSTED_PROXIES). */
export const DEFAULT_TRUSTED_PROXIES = 1;
const MAX_TRUSTED_PROXIES = 10;

export function trustedProxyCount(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.AUTH_TRUSTED_PROXIES?.trim();
  if (!raw) return DEFAULT_TRUSTED_PROXIES;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > MAX_TRUSTED_PROXIES) {
    throw new Error(
      `AUTH_TRUSTED_PROXIES must be the number of proxies in front of the app, a whole number from 0 to ${MAX_TRUSTED_PROXIES}, got "${raw}".`,
    );
  }
  return n;
}

/** The client's address as the trusted proxies saw it, or null when no trusted proxy says. */
export function clientAddress(headers: Headers, trustedProxies: number): string | null {
  if (trustedProxies <= 0) return null;
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request did not pass through all of them, so every entry is a proxy's.
  if (hops.length > 0) return hops[Math.max(0, hops.length - trustedProxies)] ?? null;
  return headers.get('x-real-ip')?.trim() || null;
}
