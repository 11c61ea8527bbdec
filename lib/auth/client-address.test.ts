import { describe, expect, it } from 'vitest';
import {
  clientAddress,
  DEFAULT_TRUSTED_PROXIES,
  PEER_ADDRESS_HEADER,
  PEER_ADDRESS_SERVER_ENV,
  peerAddressHeaderTrusted,
  trustedProxyCount,
} from './client-address';

const headers = (init: Record<string, string>) => new Headers(init);

describe('clientAddress', () => {
  it('takes the entry the outermost trusted proxy appended, never what the client sent before it', () => {
    const forged = headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' });
    expect(clientAddress(forged, 1)).toBe('203.0.113.7');
    const twoProxies = headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.2' });
    expect(clientAddress(twoProxies, 2)).toBe('203.0.113.7');
    expect(clientAddress(twoProxies, 1)).toBe('10.0.0.2');
  });

  it('with fewer entries than proxies, takes the leftmost (every entry is a proxy’s)', () => {
    expect(clientAddress(headers({ 'x-forwarded-for': '203.0.113.7' }), 3)).toBe('203.0.113.7');
  });

  it('falls back to X-Real-IP, ignores empty entries, and believes nothing with no trusted proxy', () => {
    expect(clientAddress(headers({ 'x-real-ip': ' 203.0.113.9 ' }), 1)).toBe('203.0.113.9');
    expect(clientAddress(headers({ 'x-forwarded-for': ' , 203.0.113.7 ,' }), 1)).toBe('203.0.113.7');
    expect(clientAddress(headers({}), 1)).toBeNull();
    expect(
      clientAddress(headers({ 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '1.2.3.4' }), 0),
    ).toBeNull();
  });

  it('with no trusted proxy, takes the connection peer the server wrote, whatever forwarding headers say', () => {
    const direct = headers({
      [PEER_ADDRESS_HEADER]: '198.51.100.4',
      'x-forwarded-for': '203.0.113.7',
      'x-real-ip': '1.2.3.4',
    });
    expect(clientAddress(direct, 0)).toBe('198.51.100.4');
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: ' ' }), 0)).toBeNull();
  });

  it('ignores the peer header unless the production server wrote it (under next start a client could)', () => {
    const forged = headers({ [PEER_ADDRESS_HEADER]: '198.51.100.4' });
    expect(clientAddress(forged, 0, false)).toBeNull();
    expect(clientAddress(forged, 1, false)).toBeNull();
    expect(peerAddressHeaderTrusted({})).toBe(false);
    expect(peerAddressHeaderTrusted({ [PEER_ADDRESS_SERVER_ENV]: '1' })).toBe(true);
  });

  it('behind trusted proxies, falls back to the peer when no proxy wrote an address', () => {
    const peerOnly = headers({ [PEER_ADDRESS_HEADER]: '10.0.0.2' });
    expect(clientAddress(peerOnly, 1)).toBe('10.0.0.2');
    const withEntry = headers({
      [PEER_ADDRESS_HEADER]: '10.0.0.2',
      'x-forwarded-for': '6.6.6.6, 203.0.113.7',
    });
    expect(clientAddress(withEntry, 1)).toBe('203.0.113.7');
  });
});

describe('trustedProxyCount', () => {
  it('reads AUTH_TRUSTED_PROXIES, default no proxy', () => {
    expect(trustedProxyCount({})).toBe(DEFAULT_TRUSTED_PROXIES);
    expect(DEFAULT_TRUSTED_PROXIES).toBe(0);
    expect(trustedProxyCount({ AUTH_TRUSTED_PROXIES: ' 0 ' })).toBe(0);
    expect(trustedProxyCount({ AUTH_TRUSTED_PROXIES: '2' })).toBe(2);
  });

  it.each(['-1', '1.5', 'two', '11', '0x1'])(
    'refuses %s with a message naming the variable and the range',
    (v) => {
      expect(() => trustedProxyCount({ AUTH_TRUSTED_PROXIES: v })).toThrow(
        /AUTH_TRUSTED_PROXIES must be .* from 0 to 10, got/,
      );
    },
  );
});
