import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { TrustProxy } from '../config';
import type { AppEnv } from './types';

/**
 * The address of the client behind a request, for rate limits and the session list.
 *
 * X-Forwarded-For is written by whoever sent the request, so it is read only when the socket peer is a
 * proxy the operator trusts (TRUST_PROXY). The header is then walked from the right — the entries the
 * trusted proxies appended — and the first address not itself a trusted proxy is the client. Entries
 * further left were written by the client and are never believed. Without TRUST_PROXY every request
 * behind a reverse proxy has the proxy's address: per-address limits then apply to everyone at once.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const peer = peerAddress(c);
  if (!peer) return 'unknown';
  return resolveClientAddress(peer, c.req.header('x-forwarded-for'), c.get('deps').config.trustProxy);
}

/** The socket peer, without trusting any header; undefined without a socket (app.request() in tests). */
export function peerAddress(c: Context<AppEnv>): string | undefined {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? normalize(address) : undefined;
  } catch {
    return undefined;
  }
}

export function isLoopback(address: string): boolean {
  return LOOPBACK.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Pure part of clientAddress, exported for unit tests. */
export function resolveClientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trust: TrustProxy,
): string {
  if (trust.kind === 'none' || !forwardedFor) return peer;
  // Nearest hop last: [..., what the first proxy saw, the socket peer].
  const chain = [...forwardedFor.split(',').map(normalize), peer];
  const trusted = trustTest(trust);
  let client = chain.length - 1;
  let hops = 0;
  // Move left while the current address is a trusted proxy and the entry it wrote is a real address.
  while (client > 0 && trusted(chain[client]!, ++hops) && isIP(chain[client - 1]!) !== 0) client -= 1;
  return chain[client]!;
}

function trustTest(trust: Exclude<TrustProxy, { kind: 'none' }>): (address: string, hop: number) => boolean {
  if (trust.kind === 'hops') return (_address, hop) => hop <= trust.hops;
  let list = lists.get(trust);
  if (!list) {
    list = new BlockList();
    for (const r of trust.ranges) list.addSubnet(r.address, r.prefix, r.family);
    lists.set(trust, list);
  }
  const l = list;
  return (address) => {
    const version = isIP(address);
    return version !== 0 && l.check(address, version === 6 ? 'ipv6' : 'ipv4');
  };
}

const lists = new WeakMap<TrustProxy, BlockList>();

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** "::ffff:10.0.0.1" → "10.0.0.1"; "[::1]:443" → "::1"; "10.0.0.1:443" → "10.0.0.1"; anything else trimmed. */
function normalize(raw: string): string {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(a)) a = a.slice(7);
  return a.toLowerCase();
}
