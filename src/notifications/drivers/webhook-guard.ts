import { lookup } from 'node:dns/promises';
import net from 'node:net';

/** Addresses a webhook may not reach unless explicitly allowed: loopback, private, link-local, CGNAT, multicast, reserved. */
const BLOCKED = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  BLOCKED.addSubnet(net6, bits, 'ipv6');

/** True for an address a webhook must not reach by default (IPv4-mapped IPv6 is judged by its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return BLOCKED.check(mapped, 'ipv4');
  return net.isIPv6(address) ? BLOCKED.check(address, 'ipv6') : BLOCKED.check(address, 'ipv4');
}

/** `host` matches an allow-list entry: exactly, or under a `*.example.com` entry. */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((a) => {
    const e = a.toLowerCase().trim();
    return e.startsWith('*.') ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e;
  });
}

export interface WebhookPolicy {
  hosts: readonly string[];
  allowPrivate: boolean;
}

/** Why a URL is refused (Chinese, for lastError), or null when it may be called. No network access. */
export function refuseUrl(raw: string, policy: WebhookPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'webhook 地址格式不正确';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivate)) return 'webhook 地址必须是 https';
  if (url.username || url.password) return 'webhook 地址不能包含用户名或密码';
  if (!hostAllowed(url.hostname, policy.hosts)) return `webhook 主机 ${url.hostname} 不在允许列表中（notifications.webhookHosts）`;
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(literal) && isPrivateAddress(literal) && !policy.allowPrivate) return `webhook 地址 ${literal} 是内网或本机地址`;
  return null;
}

/**
 * Resolves a host to the one address the request will connect to, refusing private ones. The
 * request then connects to exactly this address (its `lookup` is pinned), so a DNS answer that
 * changes between check and connect (rebinding) cannot reach an internal address.
 */
export async function resolvePublic(host: string, policy: WebhookPolicy): Promise<{ address: string; family: number }> {
  const literal = host.replace(/^\[|\]$/g, '');
  const answers = net.isIP(literal) ? [{ address: literal, family: net.isIP(literal) }] : await lookup(literal, { all: true });
  if (!answers.length) throw new Error(`无法解析 ${host}`);
  if (!policy.allowPrivate) {
    const bad = answers.find((a) => isPrivateAddress(a.address));
    if (bad) throw new Error(`webhook 主机 ${host} 解析到内网或本机地址 ${bad.address}`);
  }
  return answers[0];
}
