import { createRoute, z } from '@hono/zod-openapi';
import type { DeliveryLogRow } from '../../modules/deliveries/deliveries.repo';
import {
  DeliveryLogItem,
  DeliveryLogQuery,
  DevOutboxItem,
} from '../../modules/deliveries/deliveries.schemas';
import * as deliveries from '../../modules/deliveries/deliveries.service';
import { PSA_LABELS } from '../../modules/psa/provider';
import type { DevOutboxRow } from '../../modules/deliveries/dev-outbox.repo';
import { DEV_OUTBOX_POLICY, renderDevOutboxPage } from '../../modules/deliveries/dev-outbox.page';
import { CSP_HEADER } from '../content-security-policy';
import { ctxOf } from '../middleware/auth';
import {
  commonErrors,
  cookieAuth,
  createRouter,
  errorResponse,
  IdParam,
  iso,
  jsonResponse,
} from '../openapi';

const tags = ['deliveries'];

const present = (d: DeliveryLogRow) => ({
  id: d.id,
  channel: d.channel,
  psa_action: d.psa_action,
  channel_id: d.channel_id,
  channel_name:
    d.channel === 'psa'
      ? PSA_LABELS[d.psa_provider ?? 'connectwise']
      : d.slack_action
        ? 'Slack app'
        : d.channel_name,
  // Channel rows hold the channel id as recipient; show its masked URL (or address list) instead.
  recipient:
    d.channel === 'psa'
      ? psaRecipient(d)
      : d.channel === 'push'
        ? `Device ${d.recipient.slice(0, 8)} (web push)`
        : d.slack_action
          ? d.recipient // the Slack channel the bot posts to
          : d.channel_id
            ? (d.target_masked ?? d.recipient)
            : d.recipient.includes('@')
              ? d.recipient
              : '(deleted channel)',
  status: d.status,
  attempts: d.attempts,
  last_error: d.last_error,
  next_attempt_at: d.status === 'pending' || d.status === 'failed' ? iso(d.next_attempt_at) : null,
  sent_at: iso(d.sent_at),
  created_at: d.created_at.toISOString(),
  event_id: d.event_id,
  event_type: d.event_type,
  handoff_id: d.handoff_id,
});

const PSA_ACTION_LABELS = { note: 'note', status: 'status change', time_entry: 'time entry' } as const;
/** PSA rows hold the ticket number as recipient: "Ticket #12345 · status change". */
const psaRecipient = (d: DeliveryLogRow) =>
  `Ticket #${d.recipient}${d.psa_action ? ` · ${PSA_ACTION_LABELS[d.psa_action]}` : ''}`;

const presentMail = (m: DevOutboxRow) => ({
  id: m.id,
  delivery_id: m.delivery_id,
  message_id: m.message_id,
  from: m.from_address,
  to: m.to_addresses,
  subject: m.subject,
  text: m.text_body,
  html: m.html_body,
  created_at: m.created_at.toISOString(),
});

const log = createRoute({
  method: 'get',
  path: '/deliveries',
  tags,
  security: cookieAuth,
  summary:
    'Delivery log: every email, chat and webhook message and PSA ticket write with its status (admin, owner)',
  request: { query: DeliveryLogQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(DeliveryLogItem) }), 'Deliveries, newest first'),
    ...commonErrors,
  },
});
const retry = createRoute({
  method: 'post',
  path: '/deliveries/{id}/retry',
  tags,
  security: cookieAuth,
  summary: 'Send a failed or dead delivery again now, for one more attempt (admin, owner)',
  request: { params: IdParam },
  responses: {
    200: jsonResponse(z.object({ delivery: DeliveryLogItem }), 'Queued'),
    ...commonErrors,
    409: errorResponse('Pending or already sent'),
  },
});
const outbox = createRoute({
  method: 'get',
  path: '/dev/outbox',
  tags,
  security: cookieAuth,
  summary:
    'Development only (no SMTP_URL): mail the app would have sent — to every member the mail addressed to them; to admins and owners also the account’s other mail, except reset links meant for someone else. 404 in production.',
  responses: {
    200: jsonResponse(z.object({ items: z.array(DevOutboxItem) }), 'Messages, newest first'),
    ...commonErrors,
  },
});

export const deliveryRoutes = createRouter()
  .openapi(log, async (c) =>
    c.json({ items: (await deliveries.listDeliveries(ctxOf(c), c.req.valid('query'))).map(present) }, 200),
  )
  .openapi(retry, async (c) => {
    const row = await deliveries.retryDelivery(
      ctxOf(c),
      c.req.valid('param').id,
      c.get('deps').handoffs.kickDeliveries,
    );
    return c.json({ delivery: present(row) }, 200);
  })
  .openapi(outbox, async (c) =>
    c.json(
      { items: (await deliveries.listDevOutboxMail(ctxOf(c), c.get('deps').config)).map(presentMail) },
      200,
    ),
  )
  // The same mail as a page for a browser (signed in; the same selection): open /api/v1/dev/outbox/view.
  .get('/dev/outbox/view', async (c) =>
    c.html(renderDevOutboxPage(await deliveries.listDevOutboxMail(ctxOf(c), c.get('deps').config)), 200, {
      [CSP_HEADER]: DEV_OUTBOX_POLICY,
    }),
  );
