import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  parseOutboundUrl,
  resolveOutboundHost,
  type OutboundPolicy,
  type ResolvedAddress,
} from './outbound-url-guard';
import { redactUrlSecrets } from './url-secrets';

export type OutboundRequestOptions = OutboundPolicy & {
  timeoutMs: number;
  /** Answers beyond this are cut and flagged `truncated` (default 64 KiB). */
  maxResponseBytes?: number;
};

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
      return err.message === 'socket hang up'
        ? 'connection closed before a response (socket hang up)'
        : err.message;
  }
}

/**
 * POSTs a JSON body to a tenant-configured URL: scheme and address guard at send time, connection
 * pinned to the checked address, one overall deadline, redirects never followed (a 3xx is a
 * failure: following it would let a receiver bounce us to a private address). Resolves with the
 * status of a 2xx answer; anything else throws OutboundHttpError.
 */
export async function postJson(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: OutboundRequestOptions,
) {
  const res = await exchangeJson(
    'POST',
    rawUrl,
    body,
    { 'user-agent': 'ResolutionFlow-Notifications/1.0', ...headers },
    options,
  );
  if (res.status >= 200 && res.status < 300) return res;
  if (res.status >= 300 && res.status < 400)
    throw new OutboundHttpError(`HTTP ${res.status}: redirect not followed`);
  // Receivers' error pages often repeat the URL they were called on, and the URL is a credential.
  const snippet = redactUrlSecrets(res.body, rawUrl).replace(/\s+/g, ' ').trim().slice(0, 200);
  throw new OutboundHttpError(`HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`);
}

/**
 * One request with the same guards as `postJson` (scheme and address checked now, connection pinned,
 * one deadline, no redirects followed) that resolves with any answer's status and body, for callers
 * that read the status themselves (a PSA API distinguishes 401, 404 and 500). Only a failure to get an
 * answer at all (refused address, timeout, dropped connection) throws.
 */
export async function exchangeJson(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  rawUrl: string,
  // A Buffer is sent as is (web push: the encrypted payload, with its content-type header).
  body: string | Buffer | null,
  headers: Record<string, string>,
  options: OutboundRequestOptions,
) {
  const url = parseOutboundUrl(rawUrl, options);
  const addresses = await resolveOutboundHost(url, options);
  const client = url.protocol === 'https:' ? https : http;
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  return new Promise<{
    status: number;
    body: string;
    truncated: boolean;
    headers: http.IncomingHttpHeaders;
  }>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome();
    };
    const fail = (message: string) => settle(() => reject(new OutboundHttpError(message)));
    const req = client.request(url, {
      method,
      agent: false,
      lookup: pinnedLookup(addresses),
      headers: {
        ...headers,
        ...(body === null
          ? {}
          : {
              // JSON unless the caller names another type (an OAuth token request is a form).
              'content-type': headers['content-type'] ?? 'application/json; charset=utf-8',
              'content-length': String(Buffer.byteLength(body)),
            }),
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
        if (size <= limit) chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail(describeNetworkError(err)));
      res.on('close', () => fail('connection closed while reading the response'));
      res.on('end', () =>
        settle(() =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated: size > limit,
            headers: res.headers,
          }),
        ),
      );
    });
    req.end(body ?? undefined);
  });
}
