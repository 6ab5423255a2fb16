import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { parseOutboundUrl, resolveOutboundHost, type OutboundPolicy, type ResolvedAddress } from './outbound-url-guard';
import { redactUrlSecrets } from './url-secrets';

export type OutboundRequestOptions = OutboundPolicy & { timeoutMs: number };

/** A send that did not end in a 2xx. The message is safe to store and show: it never contains the URL. */
export class OutboundHttpError extends Error {}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** Hands the connection the addresses we already checked, so a second DNS answer cannot differ. */
const pinnedLookup =
  (addresses: ResolvedAddress[]): LookupFunction =>
  (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };

function describeNetworkError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNRESET':
      return 'connection closed before a response (ECONNRESET)';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EPIPE':
      return 'connection closed while sending';
    default:
      return err.message === 'socket hang up' ? 'connection closed before a response (socket hang up)' : err.message;
  }
}

/**
 * POSTs a JSON body to a tenant-configured URL: scheme and address guard at send time, connection
 * pinned to the checked address, one overall deadline, redirects never followed (a 3xx is a
 * failure: following it would let a receiver bounce us to a private address). Resolves with the
 * status of a 2xx answer; anything else throws OutboundHttpError.
 */
export async function postJson(rawUrl: string, body: string, headers: Record<string, string>, options: OutboundRequestOptions) {
  const url = parseOutboundUrl(rawUrl, options);
  const addresses = await resolveOutboundHost(url, options);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome();
    };
    const fail = (message: string) => settle(() => reject(new OutboundHttpError(message)));
    const req = client.request(url, {
      method: 'POST',
      agent: false,
      lookup: pinnedLookup(addresses),
      headers: {
        ...headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'ResolutionFlow-Notifications/1.0',
      },
    });
    const deadline = setTimeout(() => {
      fail(`timed out after ${options.timeoutMs} ms`);
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => fail(describeNetworkError(err)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail(describeNetworkError(err)));
      res.on('close', () => fail('connection closed while reading the response'));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        if (status >= 200 && status < 300) return settle(() => resolve({ status, body: text }));
        if (status >= 300 && status < 400) return fail(`HTTP ${status}: redirect not followed`);
        // Receivers' error pages often repeat the URL they were called on, and the URL is a credential.
        const snippet = redactUrlSecrets(text, rawUrl).replace(/\s+/g, ' ').trim().slice(0, 200);
        fail(`HTTP ${status}${snippet ? `: ${snippet}` : ''}`);
      });
    });
    req.end(body);
  });
}
