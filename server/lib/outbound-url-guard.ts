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

/**
 * What the client is told for every refused host, whatever the reason: a private or otherwise
 * special address (literal or in a DNS answer), or a name that does not resolve. Telling them apart
 * would let an admin map the internal network through our resolver (which internal names exist, and
 * what they point to), so the reason goes only to the server log (`logDetail`).
 */
export const REFUSED_HOST_MESSAGE = 'The host does not resolve to a public internet address';

/**
 * A refused URL. `message` is safe to show and store; `logDetail`, when set, says why the host was
 * refused (the addresses DNS answered, the DNS failure) and goes to the server log only.
 */
export class OutboundUrlError extends Error {
  constructor(
    message: string,
    readonly logDetail?: string,
  ) {
    super(message);
  }
}

/** The log detail of an outbound URL refusal found in `err` or its chain of causes. */
export function outboundRefusalDetail(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof OutboundUrlError) return e.logDetail;
  }
  return undefined;
}

const refusedHost = (detail: string) => new OutboundUrlError(REFUSED_HOST_MESSAGE, detail);

export type ResolvedAddress = { address: string; family: 4 | 6 };

const forbidden = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT: private in practice
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, home of cloud metadata endpoints
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments (DS-Lite, NAT64 discovery): not globally reachable
  ['192.88.99.0', 24], // the deprecated 6to4 relay anycast (RFC 7526)
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking (RFC 2544): labs, and private in practice
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
  ['fec0::', 10], // site-local: deprecated (RFC 3879), still routed inside some networks
  ['ff00::', 8], // multicast
  // Prefixes that carry an IPv4 address where it cannot be read back reliably, refused whole:
  ['64:ff9b:1::', 48], // NAT64 local use (RFC 8215): any RFC 6052 layout, chosen by the local operator
  ['2002::', 16], // 6to4 (deprecated, RFC 7526): relayed to the IPv4 address in bits 16-47
  ['2001::', 32], // Teredo: a relay and an obfuscated client IPv4 address
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
 * The IPv4 address in the last 32 bits of an IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
 * (::ffff:0:a.b.c.d, RFC 2765), IPv4-compatible (::a.b.c.d) or well-known-prefix NAT64
 * (64:ff9b::a.b.c.d, RFC 6052) IPv6 address: connecting to those reaches the IPv4 address, so the
 * IPv4 rules decide (NAT64 of a public address is how IPv6-only hosts reach IPv4 services).
 * (A blanket rule on ::ffff:0:0/96 would not do: BlockList matches it against every IPv4.)
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  const mapped = zeroUpTo(5) && g[5] === 0xffff;
  const translated = zeroUpTo(4) && g[4] === 0xffff && g[5] === 0;
  const compatible = zeroUpTo(6);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !translated && !compatible && !nat64) return null;
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

/**
 * Resolves the host and refuses it when any address is private, loopback, link-local, unspecified or
 * otherwise not a public internet address, or when it does not resolve: all with REFUSED_HOST_MESSAGE.
 */
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
        () => reject(refusedHost(`DNS lookup of ${host} timed out after ${DNS_TIMEOUT_MS} ms`)),
        DNS_TIMEOUT_MS,
      );
    });
    try {
      const found = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
      addresses = found.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    } catch (err) {
      if (err instanceof OutboundUrlError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw refusedHost(`DNS lookup of ${host} failed (${code})`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw refusedHost(`DNS lookup of ${host} returned no address`);
  // Any forbidden answer refuses the host: a name with one public and one private address would let
  // the connection pick the private one.
  const forbiddenAnswers = addresses.filter((a) => isForbiddenAddress(a.address));
  if (!policy.allowPrivate && forbiddenAnswers.length > 0) {
    const list = forbiddenAnswers.map((a) => a.address).join(', ');
    throw refusedHost(
      literal
        ? `${host} is a private, loopback, link-local or special-purpose address`
        : `${host} resolves to ${list}: private, loopback, link-local or special-purpose`,
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
