import nodemailer from 'nodemailer';
import { withTenant } from '../../../db/tenant';
import type { Database } from '../../../db/types';
import { insertDevOutbox } from '../dev-outbox.repo';
import { renderEmail } from '../render';
import type { OutboundMessage } from './types';

export type EmailSenderOptions = {
  /** Unset outside production: messages go to the dev outbox table instead of an SMTP server. */
  smtpUrl: string | undefined;
  from: string;
  db: Database;
  timeoutMs: number;
  clock: () => Date;
};

/**
 * `Message-ID: <key@resolutionflow>`. The local part of a Message-ID may not contain `:` (RFC 5322
 * dot-atom), which our keys use as separator, so those become dots; the exact key also travels in
 * X-ResolutionFlow-Delivery. Receivers and our tests deduplicate by this header.
 */
export const messageIdFor = (idempotencyKey: string) =>
  `<${idempotencyKey.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '.')}@resolutionflow>`;

export function createEmailSender(o: EmailSenderOptions) {
  const transport = o.smtpUrl
    ? nodemailer.createTransport({
        url: o.smtpUrl,
        // nodemailer waits up to 10 minutes on a silent socket by default; a stuck server must not
        // hold a delivery lease that long.
        connectionTimeout: o.timeoutMs,
        greetingTimeout: o.timeoutMs,
        socketTimeout: o.timeoutMs * 3,
      })
    : null;

  async function send(msg: OutboundMessage, to: string[]) {
    const { subject, text, html } = renderEmail(msg.notice);
    const messageId = messageIdFor(msg.idempotencyKey);
    if (!transport) {
      await withTenant(o.db, msg.accountId, (tx) =>
        insertDevOutbox(tx, msg.accountId, { deliveryId: msg.deliveryId, messageId, from: o.from, to, subject, text, html }, o.clock()),
      );
      return;
    }
    await transport.sendMail({
      from: o.from,
      to,
      subject,
      text,
      html,
      messageId,
      headers: {
        'X-ResolutionFlow-Delivery': msg.idempotencyKey,
        'X-ResolutionFlow-Event': msg.notice.event.type,
        // RFC 3834: keeps out-of-office replies from answering a notification.
        'Auto-Submitted': 'auto-generated',
      },
    });
  }

  return { send, close: () => transport?.close() };
}
