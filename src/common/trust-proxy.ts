/**
 * DUCHA_TRUST_PROXY as fastify's `trustProxy`: addresses / subnets / names (loopback, uniquelocal…) as they
 * are; a hop count as Express counted it (trust the nearest n hops), which fastify's own number form no
 * longer does (it trusts none).
 */
export function trustProxyOption(value: string | null): boolean | string | ((address: string, hop: number) => boolean) {
  if (!value) return false;
  if (value === 'true' || value === 'false') return value === 'true';
  if (!/^\d+$/.test(value)) return value;
  const hops = Number(value);
  return (_address, hop) => hop < hops;
}
