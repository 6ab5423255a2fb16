import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { MiddlewareHandler } from 'hono';

/** Refusals that are, by their nature, answered before the body is read. */
const UNREAD_BODY_STATUSES = new Set([413, 415]);

/** How long a closing connection still takes in (and discards) what the client sends. */
export const LINGER_MS = 5_000;

/** Whether the request announced a body (a length above zero, or a chunked one). */
const declaresBody = (incoming: IncomingMessage) =>
  incoming.headers['transfer-encoding'] !== undefined || Number(incoming.headers['content-length'] ?? 0) > 0;

/**
 * Closes in stages, as RFC 9112 §9.6 asks of a server that closes while the client may still be
 * sending: our side is shut after the answer, and what still arrives is read and discarded until the
 * client closes too (or LINGER_MS passes). Closing at once would make the kernel answer the arriving
 * body with a reset, and the client would fail with EPIPE before it reads the answer. Node calls
 * `destroySoon()` on the socket once a `Connection: close` answer is written; this socket's own
 * version lingers instead.
 */
function lingerOnClose(socket: Socket) {
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.destroySoon = Object.getPrototypeOf(this).destroySoon;
    if (this.destroyed) return;
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    this.once('end', () => this.destroy());
    this.end();
    // The HTTP parser keeps reading the rest of the request; anything beyond it is dropped here.
    this.resume();
  };
}

/**
 * A reply sent before the request body was read to its end answers with `Connection: close`.
 * The unread rest of the body is still on the connection (a 413 from the declared length, a body
 * given up halfway by the size limit, a 415, a refusal before the handler reads): the server drops
 * such a connection after the reply, and a client told "keep-alive" would send its next request on
 * a socket about to close ("socket hang up", "other side closed"). With `Connection: close` it opens
 * a new one. (431 and other requests Node cannot parse are answered in client-errors.ts, also with
 * `Connection: close`.) `c.env.incoming` is the Node request under @hono/node-server; without one
 * (`app.request()` in tests) only the status decides.
 */
export const closeAfterUnreadBody: MiddlewareHandler = async (c, next) => {
  await next();
  const env = c.env as { incoming?: unknown } | undefined;
  const incoming = env?.incoming instanceof IncomingMessage ? env.incoming : undefined;
  const unread =
    UNREAD_BODY_STATUSES.has(c.res.status) ||
    (incoming !== undefined && declaresBody(incoming) && !incoming.readableEnded);
  if (!unread) return;
  c.header('Connection', 'close');
  if (incoming?.socket instanceof Socket) lingerOnClose(incoming.socket);
};
