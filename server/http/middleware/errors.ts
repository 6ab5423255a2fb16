import type { Context } from 'hono';
import { outboundRefusalDetail } from '../../lib/outbound-url-guard';
import { expectedErrorReply, INTERNAL_ERROR_BODY } from '../errors';
import type { AppEnv } from '../types';

/** The app's `onError`: expected errors get their own answer; anything else is logged and answered 500. */
export function handleError(err: Error, c: Context<AppEnv>) {
  const reply = expectedErrorReply(err);
  if (reply) {
    // A refused URL answers in general terms; why (what DNS answered) is for the operator only.
    const detail = outboundRefusalDetail(err);
    if (detail)
      c.get('deps')?.logger.warn('outbound URL refused', {
        request_id: c.get('requestId'),
        code: reply.body.code,
        detail,
      });
    return c.json(reply.body, reply.status, reply.headers);
  }
  c.get('deps')?.logger.error('unhandled error', {
    request_id: c.get('requestId'),
    error: err.message,
    stack: err.stack,
  });
  return c.json(INTERNAL_ERROR_BODY, 500);
}
