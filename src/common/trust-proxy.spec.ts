import { trustProxyOption } from './trust-proxy.js';

describe('trustProxyOption', () => {
  it('trusts nothing when unset, everything for "true"', () => {
    expect(trustProxyOption(null)).toBe(false);
    expect(trustProxyOption('')).toBe(false);
    expect(trustProxyOption('true')).toBe(true);
    expect(trustProxyOption('false')).toBe(false);
  });
  it('keeps names, addresses and subnets for fastify to compile', () => {
    expect(trustProxyOption('loopback')).toBe('loopback');
    expect(trustProxyOption('10.0.0.1, 192.168.0.0/16')).toBe('10.0.0.1, 192.168.0.0/16');
  });
  it('counts hops as Express did: the nearest n are trusted', () => {
    const one = trustProxyOption('1') as (address: string, hop: number) => boolean;
    expect(one('127.0.0.1', 0)).toBe(true);
    expect(one('203.0.113.9', 1)).toBe(false);
  });
});
