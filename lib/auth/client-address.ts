// Which client a sign-in attempt comes from, for the per-address limit. With no proxy in front (the default), the
// client is the peer of the TCP connection: the production server (server.ts) writes it into PEER_ADDRESS_HEADER
// on every request, overwriting whatever the client sent, and no forwarding header is believed. Behind N proxies,
// each appends to X-Forwarded-For the address it received the request from, so only the last N entries were
// written by proxies the operator runs; anything to their left came from the client and can be forged. The client
// is then the entry the outermost trusted proxy wrote: the N-th from the right.

/** How many proxies in front of the app append to X-Forwarded-For (AUTH_TRUSTED_PROXIES): none unless told. */
export const DEFAULT_TRUSTED_PROXIES = 0;
const MAX_TRUSTED_PROXIES = 10;

/** Set by the production server to the connection's peer address on every request; a client's value never survives. */
export const PEER_ADDRESS_HEADER = 'x-registry-peer-address';
/**
 * Set to 1 by the production server in its own environment. Only then is PEER_ADDRESS_HEADER the server's: under
 * `next start` it would be whatever the client wrote, so it is not read at all.
 */
export const PEER_ADDRESS_SERVER_ENV = 'REGISTRY_SERVER_WRITES_PEER_ADDRESS';

export function peerAddressHeaderTrusted(
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return env[PEER_ADDRESS_SERVER_ENV] === '1';
}

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

/**
 * The client's address: the entry the outermost of `trustedProxies` proxies appended to X-Forwarded-For, else
 * X-Real-IP, else the connection's peer; with no trusted proxy, the peer alone. Null when none is known. The peer
 * is read only when `peerHeaderTrusted` (the production server wrote the header).
 */
export function clientAddress(
  headers: Headers,
  trustedProxies: number,
  peerHeaderTrusted = true,
): string | null {
  const peer = (peerHeaderTrusted && headers.get(PEER_ADDRESS_HEADER)?.trim()) || null;
  if (trustedProxies <= 0) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request did not pass through all of them, so every entry is a proxy's.
  if (hops.length > 0) return hops[Math.max(0, hops.length - trustedProxies)] ?? peer;
  return headers.get('x-real-ip')?.trim() || peer;
}
