import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { ErrorCode } from '../../shared/error-codes';
import { isLoopback, peerAddress } from './client-address';
import type { AppEnv } from './types';

/** Headers a reverse proxy adds; a request carrying one came through a proxy, whatever its socket peer. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * Who may read /metrics (request counts per route, memory, open streams: an outline of the traffic).
 *
 * - METRICS_TOKEN set: only requests with `Authorization: Bearer <METRICS_TOKEN>`, from anywhere.
 * - Not set, outside production: only this machine — a loopback socket peer with no forwarding
 *   header, so a reverse proxy on the same host does not open it to everybody.
 * - Not set, in production: off (404). A proxy on the same host that adds no forwarding header would
 *   look like a local caller, so production never relies on the address alone.
 *
 * Returns null when allowed, otherwise the refusal to send.
 */
export function metricsRefusal(
  c: Context<AppEnv>,
): { status: 401 | 403 | 404; code: ErrorCode; message: string } | null {
  const { config } = c.get('deps');
  if (config.metricsToken) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match && sameSecret(match[1]!, config.metricsToken)) return null;
    c.header('WWW-Authenticate', 'Bearer realm="metrics"');
    return { status: 401, code: 'UNAUTHORIZED', message: 'Metrics need the bearer token METRICS_TOKEN' };
  }
  if (config.isProduction) {
    return { status: 404, code: 'NOT_FOUND', message: 'Metrics are off: set METRICS_TOKEN to enable them' };
  }
  const peer = peerAddress(c);
  const forwarded = FORWARDING_HEADERS.some((h) => c.req.header(h) !== undefined);
  if (peer && isLoopback(peer) && !forwarded) return null;
  return {
    status: 403,
    code: 'FORBIDDEN',
    message: 'Without METRICS_TOKEN, metrics are served to this machine only (loopback, not through a proxy)',
  };
}

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
