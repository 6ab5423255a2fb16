import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerType } from '@hono/node-server';
import { ERROR_CODES, type ErrorCode } from '../../shared/error-codes';
import { errorBody } from './errors';

// The status comes from the code's entry in shared/error-codes.ts; the reason phrase is HTTP's.
const ANSWERS: Record<string, [string, ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: [
    'Request Header Fields Too Large',
    'HEADERS_TOO_LARGE',
    'The request line and headers exceed 16 KB',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: ['Request Timeout', 'REQUEST_TIMEOUT', 'The request took too long to arrive'],
};
const MALFORMED: [string, ErrorCode, string] = [
  'Bad Request',
  'BAD_REQUEST',
  'The request could not be parsed as HTTP',
];

/**
 * Node answers a request it cannot parse (headers over its size limit, broken syntax, a timeout)
 * before the app sees it, with an empty body. This answers those in the API's error shape,
 * `{ code, message }`, like every other 4xx.
 */
export function answerClientErrors(server: ServerType) {
  // `serve()` without TLS or HTTP/2 options, as the app uses it, makes a plain node:http server.
  (server as Server).on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [reason, code, message] = ANSWERS[err.code ?? ''] ?? MALFORMED;
    const status = ERROR_CODES[code].status;
    const body = JSON.stringify(errorBody(code, message));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
