import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Server-side request forgery guard for URLs that tenants configure (chat and webhook channels).
 * A tenant admin must not be able to make our servers call the cloud metadata endpoint, the
 * database, or anything else on the private network. Checked when a channel is saved and again when
 * each message is sent (DNS answers change), and the connection is pinned to the checked address.
 */
export type OutboundPolicy = {
  /** Production: https only. */
  requireHttps: boolean;
  /** Development only (ALLOW_PRIVATE_WEBHOOKS): local receivers for testing. */
  allowPrivate: boolean;
};

export class OutboundUrlError extends Error {}

export type ResolvedAddress = { address: string; family: 4 | 6 };

const forbidden = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT: private in practice
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, home of cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv6');
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted quad folded in). */
function ipv6Groups(address: string): number[] | null {
  let s = address.toLowerCase();
  const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<string>(Math.max(0, fill)).fill('0'), ...t].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64
 * (64:ff9b::a.b.c.d) IPv6 address: connecting to those reaches the IPv4 address, so the IPv4 rules
 * decide. (A blanket rule on ::ffff:0:0/96 would not do: BlockList matches it against every IPv4.)
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!(zeroUpTo(5) && g[5] === 0xffff) && !zeroUpTo(6) && !nat64) return null;
  return [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255].join('.');
}

export function isForbiddenAddress(raw: string): boolean {
  const address = raw.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) says nothing about the range
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 4) return forbidden.check(address, 'ipv4');
  const v4 = embeddedIpv4(address);
  if (v4 !== null) return forbidden.check(v4, 'ipv4');
  return forbidden.check(address, 'ipv6');
}

const DNS_TIMEOUT_MS = 5_000;

/** Parses and checks the scheme; no network. */
export function parseOutboundUrl(raw: string, policy: OutboundPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundUrlError('Not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new OutboundUrlError('Only http and https URLs are allowed');
  if (policy.requireHttps && url.protocol !== 'https:')
    throw new OutboundUrlError('Only https URLs are allowed');
  if (!url.hostname) throw new OutboundUrlError('The URL has no host');
  return url;
}

/** Resolves the host and refuses it when any address is private, loopback, link-local or unspecified. */
export async function resolveOutboundHost(url: URL, policy: OutboundPolicy): Promise<ResolvedAddress[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: host, family: literal as 4 | 6 }];
  } else {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new OutboundUrlError(`Could not resolve ${host} (DNS timed out)`)),
        DNS_TIMEOUT_MS,
      );
    });
    try {
      const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
      addresses = found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    } catch (err) {
      if (err instanceof OutboundUrlError) throw err;
      throw new OutboundUrlError(`Could not resolve ${host}`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw new OutboundUrlError(`Could not resolve ${host}`);
  // Any forbidden answer refuses the host: a name with one public and one private address would let
  // the connection pick the private one.
  if (!policy.allowPrivate && addresses.some((a) => isForbiddenAddress(a.address))) {
    throw new OutboundUrlError(
      `${host} points to a private, loopback, link-local or unspecified address, which is not allowed`,
    );
  }
  return addresses;
}

/** Both checks: what a channel save calls. */
export async function assertOutboundUrl(raw: string, policy: OutboundPolicy): Promise<URL> {
  const url = parseOutboundUrl(raw, policy);
  await resolveOutboundHost(url, policy);
  return url;
}
